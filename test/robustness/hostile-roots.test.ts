/**
 * Property-based: generated hostile system roots (binary and non-UTF-8 content, enormous and empty files,
 * directories where files should be and the reverse, FIFOs, symlink loops, links that leave the root,
 * refused reads with every errno). Whatever the root, the facts validate, nothing leaks from outside the
 * root, and identifiers planted in the root never reach the output. A fixed seed runs every time; a random
 * seed runs too and is printed by fast-check when it finds a failure.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { collectFacts } from '../../src/cli/facts-mode.ts';
import { createReader } from '../../src/host/reader.ts';
import { RENDERERS, FORMATS } from '../../src/render/index.ts';
import { validate } from '../../src/validate.ts';
import { denyReads } from '../helpers/deny.ts';
import { TEST_VERSION } from '../helpers/facts.ts';

/** Paths the probes read, as files (directories are created on the way). */
const FILES = [
  'proc/cpuinfo', 'proc/1/environ', 'proc/1/cgroup', 'proc/self/cgroup', 'proc/self/status', 'proc/self/mountinfo',
  'proc/sys/kernel/osrelease', 'proc/xen/capabilities', 'proc/sysinfo', 'proc/ppc64/lparcfg', 'proc/device-tree/compatible',
  'proc/device-tree/hypervisor/compatible', 'sys/hypervisor/type', 'sys/hypervisor/guest_type', 'sys/hypervisor/uuid',
  'sys/hypervisor/properties/features', 'sys/hypervisor/version/major', 'sys/hypervisor/version/minor', 'sys/hypervisor/version/extra',
  'sys/class/dmi/id/product_name', 'sys/class/dmi/id/sys_vendor', 'sys/class/dmi/id/bios_vendor', 'sys/class/dmi/id/bios_version',
  'sys/class/dmi/id/chassis_asset_tag', 'sys/firmware/dmi/entries/0-0/raw', 'sys/devices/system/clocksource/clocksource0/current_clocksource',
  'sys/devices/system/clocksource/clocksource0/available_clocksource', 'dev/cpu/0/cpuid', 'run/systemd/container', 'run/host/container-manager',
  '.dockerenv', 'run/.containerenv', 'dev/kvm', 'sys/module/kvm_intel/refcnt', 'sys/bus/pci/devices/0000:00:01.0/vendor',
  'sys/bus/pci/devices/0000:00:01.0/device', 'sys/bus/virtio/devices/virtio0/device', 'sys/class/virtio-ports/vport0p1/name',
  'sys/fs/cgroup/cgroup.events', 'sys/kernel/cgroup/features',
];
/** Paths the probes follow as links or list as directories. */
const LINKS = ['sys/block/vda', 'sys/class/net/eth0', 'sys/bus/pci/devices/0000:00:01.0/driver', 'sys/bus/virtio/devices/virtio0/driver', 'proc/self', 'proc/device-tree'];

const IDENTIFIER = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const SECRET = 'SECRET-OUTSIDE-THE-ROOT-7d1f';
const ERRNOS = ['EACCES', 'EPERM', 'EIO', 'ELOOP', 'ENAMETOOLONG', 'ENOTDIR', 'EISDIR'];

type Content =
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'huge'; size: number }
  | { kind: 'dir' }
  | { kind: 'fifo' }
  | { kind: 'link'; target: string };

const realistic = fc.constantFrom('xen\n', 'PV\n', 'HVM\n', 'PVH\n', '00002705\n', 'control_d\n', 'KVM\n', 'QEMU\n', 'Amazon EC2\n', 'HVM domU\n', 'kvm-clock tsc \n', `${IDENTIFIER}\n`, 'container=docker\0', '0::/\n', 'NSpid:\t1\t2\n', '40000000 40000001 4b4d564b 564b4d56 0000004d\n');
const content: fc.Arbitrary<Content> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: fc.oneof(realistic, fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 })) }),
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 600 }) }),
  fc.record({ kind: fc.constant('huge' as const), size: fc.integer({ min: 70_000, max: 3_000_000 }) }),
  fc.record({ kind: fc.constant('dir' as const) }),
  fc.record({ kind: fc.constant('fifo' as const) }),
  fc.record({ kind: fc.constant('link' as const), target: fc.constantFrom('/etc/shadow', '../../../../../../../../etc/passwd', 'self-loop', '.', '..', '/', '/SECRET', 'nowhere') }),
);

const rootSpec = fc.record({
  files: fc.dictionary(fc.constantFrom(...FILES, ...LINKS), content, { maxKeys: 24 }),
  deny: fc.dictionary(fc.constantFrom(...FILES, ...LINKS, 'proc', 'sys', 'dev', 'sys/bus'), fc.constantFrom(...ERRNOS), { maxKeys: 4 }),
});
type RootSpec = typeof rootSpec extends fc.Arbitrary<infer T> ? T : never;

function build(spec: RootSpec, outside: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'virt-facts-hostile-'));
  for (const [name, c] of Object.entries(spec.files)) {
    const full = path.join(root, name);
    try {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      if (fs.existsSync(full)) continue;
      if (c.kind === 'text') fs.writeFileSync(full, c.text);
      else if (c.kind === 'bytes') fs.writeFileSync(full, c.bytes);
      else if (c.kind === 'huge') {
        fs.writeFileSync(full, '');
        fs.truncateSync(full, c.size);
      } else if (c.kind === 'dir') fs.mkdirSync(full);
      else if (c.kind === 'fifo') spawnSync('mkfifo', [full]);
      else fs.symlinkSync(c.target === 'self-loop' ? path.basename(full) : c.target === '/SECRET' ? path.join(outside, 'secret') : c.target, full);
    } catch {
      // A parent that is a file or a FIFO: the conflict is itself a hostile root worth reading.
    }
  }
  return root;
}

const check = (spec: RootSpec, outside: string): void => {
  const root = build(spec, outside);
  try {
    const deny = Object.fromEntries(Object.entries(spec.deny).map(([p, code]) => [`/${p}`, code]));
    const facts = collectFacts({ root, reader: denyReads(createReader(root), deny), evidence: true, timeoutMs: Number.POSITIVE_INFINITY, version: TEST_VERSION, now: () => 0 });
    deepStrictEqual(validate(facts), { ok: true });
    for (const format of FORMATS) {
      const text = RENDERERS[format](facts);
      ok(!text.includes(SECRET), `${format} leaked a file outside the root`);
      ok(!text.includes(IDENTIFIER), `${format} printed an identifier`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
};

describe('hostile roots (property-based)', function () {
  this.timeout(600000);
  let outside: string;
  before(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'virt-facts-outside-'));
    fs.writeFileSync(path.join(outside, 'secret'), `${SECRET}\n`);
  });
  after(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('1000 roots from the fixed seed: valid facts, no leak, no identifier', () => {
    fc.assert(fc.property(rootSpec, (spec) => check(spec, outside)), { seed: 20261125, numRuns: 1000 });
  });

  it('1000 roots from a random seed (fast-check prints the seed and the shrunk root on failure)', () => {
    fc.assert(fc.property(rootSpec, (spec) => check(spec, outside)), { numRuns: 1000 });
  });

  it('the bundle on 25 hostile roots: exit 0, one valid document, silent stderr', () => {
    const bundle = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'facts.d', 'virt.fact');
    const samples = fc.sample(rootSpec, { seed: 7, numRuns: 25 });
    for (const spec of samples) {
      const root = build({ files: spec.files, deny: {} }, outside);
      try {
        const result = spawnSync(bundle, ['--root', root], { encoding: 'utf8', timeout: 20000 });
        deepStrictEqual([result.status, result.stderr], [0, '']);
        deepStrictEqual(validate(JSON.parse(result.stdout)), { ok: true });
        equal(result.stdout.includes(SECRET), false);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
  });
});
