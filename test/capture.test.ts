/**
 * `capture` copies exactly what the probes read; reading the capture back with --root gives the same facts.
 * Proven in process on every fixture host, and through the bundle (directory and tar) on a few.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureTree } from '../src/host/capture.ts';
import type { Access } from '../src/host/recording.ts';
import { parseMsrTable } from '../src/probes/confidential.ts';
import { parseLeafTable } from '../src/probes/cpuid.ts';
import { createReader } from '../src/host/reader.ts';
import { recordingReader } from '../src/host/recording.ts';
import { factsOf } from './helpers/facts.ts';
import { hostNames, materialiseFixture } from './helpers/fixture-root.ts';
import { tree } from './helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');

describe('capture', function () {
  this.timeout(300000);

  for (const name of hostNames()) {
    it(`${name}: the capture, read back, gives the same facts`, () => {
      const host = materialiseFixture(name);
      const out = tree({});
      try {
        const recording = recordingReader(createReader(host.root));
        const original = factsOf(recording);
        const result = captureTree(host.root, recording.accesses, path.join(out.root, 'root'));
        deepStrictEqual(factsOf(createReader(path.join(out.root, 'root'))), original);
        ok(result.files > 0);
      } finally {
        host.cleanup();
        out.cleanup();
      }
    });
  }

  it('writes what the cpuid and msr devices answered as the tables the probes read back', () => {
    const le = (...words: number[]) => {
      const view = new DataView(new ArrayBuffer(words.length * 4));
      words.forEach((w, i) => view.setUint32(i * 4, w, true));
      return new Uint8Array(view.buffer);
    };
    const accesses: Access[] = [
      { op: 'bytes', path: '/dev/cpu/0/cpuid', offset: 0x8000001f, result: { ok: true, value: le(0x1a, 0x73, 0, 0) } },
      { op: 'bytes', path: '/dev/cpu/0/msr', offset: 0xc0010131, result: { ok: true, value: le(7, 1) } },
      { op: 'bytes', path: '/dev/cpu/0/msr', offset: 0x10, result: { ok: false, code: 'EIO' } },
    ];
    const src = tree({});
    const out = tree({});
    try {
      const result = captureTree(src.root, accesses, out.root);
      const read = (p: string) => fs.readFileSync(path.join(out.root, p), 'utf8');
      deepStrictEqual(parseLeafTable(read('dev/cpu/0/cpuid')).get(0x8000001f), { eax: 0x1a, ebx: 0x73, ecx: 0, edx: 0 });
      ok(read('dev/cpu/0/msr').includes('c0010131 0000000100000007'), read('dev/cpu/0/msr'));
      deepStrictEqual([...parseMsrTable(read('dev/cpu/0/msr'))], [[0xc0010131, 7]]);
      deepStrictEqual(result.deny, { '/dev/cpu/0/msr': 'EIO' });
    } finally {
      src.cleanup();
      out.cleanup();
    }
  });

  it('keeps only container= of PID 1\'s environment and no UUID from /sys/hypervisor/uuid', () => {
    const src = tree({
      'proc/1/environ': Buffer.from('HOME=/root\0SECRET_TOKEN=abc123\0container=lxc\0'),
      'sys/hypervisor/uuid': 'ec2d5a1f-7c3e-4b2a-9e11-0123456789ab\n',
      'sys/hypervisor/type': 'xen\n',
    });
    const out = tree({});
    try {
      const recording = recordingReader(createReader(src.root));
      factsOf(recording);
      captureTree(src.root, recording.accesses, out.root);
      equal(fs.readFileSync(path.join(out.root, 'proc/1/environ'), 'utf8'), 'container=lxc\0');
      const uuid = fs.readFileSync(path.join(out.root, 'sys/hypervisor/uuid'), 'utf8');
      ok(uuid.startsWith('ec2') && !uuid.includes('5a1f'), uuid);
    } finally {
      src.cleanup();
      out.cleanup();
    }
  });

  for (const name of ['x86_64-xen-hvm-pvdrivers', 'x86_64-docker-on-kvm']) {
    for (const form of ['dir', 'tar']) {
      it(`through the bundle (${form}): ${name}`, () => {
        const host = materialiseFixture(name);
        const work = tree({});
        try {
          const target = path.join(work.root, form === 'tar' ? 'capture.tar' : 'capture');
          const run = spawnSync(bundle, ['capture', '--out', target, '--root', host.root], { encoding: 'utf8' });
          equal(run.status, 0, run.stderr);
          let captured = path.join(target, 'root');
          if (form === 'tar') {
            const unpacked = path.join(work.root, 'unpacked');
            fs.mkdirSync(unpacked);
            const untar = spawnSync('tar', ['xf', target, '-C', unpacked], { encoding: 'utf8' });
            equal(untar.status, 0, untar.stderr);
            captured = path.join(unpacked, 'root');
            ok(fs.existsSync(path.join(unpacked, 'facts.json')));
          }
          const before = JSON.parse(spawnSync(bundle, ['--root', host.root], { encoding: 'utf8' }).stdout);
          const after = JSON.parse(spawnSync(bundle, ['--root', captured], { encoding: 'utf8' }).stdout);
          deepStrictEqual(after, before);
        } finally {
          host.cleanup();
          work.cleanup();
        }
      });
    }
  }
});
