/**
 * `capture` copies exactly what the probes read; reading the capture back with --root gives the same facts.
 * Proven in process on every fixture host, and through the bundle (directory and tar) on a few.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureTree } from '../src/host/capture.ts';
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
