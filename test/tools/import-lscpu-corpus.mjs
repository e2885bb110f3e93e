#!/usr/bin/env node
// Imports util-linux's lscpu test dumps (real machines, captured with lscpu's dump script) as a corpus split:
//   node test/tools/import-lscpu-corpus.mjs util-linux-2.38.1.orig.tar.xz
// Writes test/fixtures/corpus/util-linux-lscpu/<case>/{root,truth.json} and cases.json, in the layout of the
// virt-what split. Only the files virt-facts can read are kept: the dumps' sys/devices/system/cpu trees (tens of
// thousands of files, lscpu's topology input) are left out and listed in each truth.json's derived_files.
// The truth of each machine is the table below, with the reason for it; lscpu's own answer is copied from the
// expected output in tests/expected/lscpu/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const OUT = path.resolve(here, '..', 'fixtures', 'corpus', 'util-linux-lscpu');
const VERSION = '2.38.1';

/** case: [environment, truth {vm, container, xen_mode, role}, acceptable, notes] */
const CASES = {
  armv7: ['ARMv7 board (Samsung Exynos 5)', { vm: null, container: 'none', xen_mode: null, role: null }, null,
    'Only /proc/cpuinfo: a physical Exynos 5 board by its Hardware line, but an emulated board prints the same line and no general rule reads SoC names, so the data cannot decide vm.'],
  'ppc-qemu': ['QEMU emulating a PowerMac G3 (ppc32)', { vm: 'qemu', container: 'none', xen_mode: null, role: 'guest' }, { vm: ['qemu', 'kvm'] },
    'cpuinfo says PowerMac G3; /proc/bus/pci/devices holds QEMU\'s standard VGA 1234:1111 and virtio 1af4 devices, which no PowerMac has.'],
  'ppc64-POWER7': ['IBM POWER7 partition (8233-E8B) without a device tree in the dump', { vm: 'powervm', container: 'none', xen_mode: null, role: 'guest' }, null,
    'cpuinfo platform pSeries on a POWER7 machine type: POWER7 has no PowerNV firmware, so Linux runs in a PowerVM partition.'],
  'ppc64-POWER7-64cpu': ['IBM POWER7 partition (8231-E2B), 64 threads', { vm: 'powervm', container: 'none', xen_mode: null, role: 'guest' }, null,
    'Device tree ibm,partition-name and hmc-managed? (lscpu: Hypervisor vendor pHyp), platform pSeries.'],
  'rv64-linux': ['RISC-V board with SiFive U74 cores', { vm: null, container: 'none', xen_mode: null, role: null }, null,
    'Only /proc/cpuinfo: the SiFive core name is hardware\'s, but QEMU\'s sifive_u machine shows SiFive cores too; the data cannot decide vm.'],
  's390-kvm': ['KVM guest on IBM Z', { vm: 'kvm', container: 'none', xen_mode: null, role: 'guest' }, null, '/proc/sysinfo VM00 Control Program: KVM/Linux.'],
  's390-lpar': ['IBM Z LPAR', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, '/proc/sysinfo has LPAR lines only (PR/SM; systemd reports none).'],
  's390-lpar-drawer': ['IBM Z LPAR (z15 with drawers)', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, '/proc/sysinfo has LPAR lines only.'],
  's390-nested-virt': ['KVM guest inside a z/VM guest on IBM Z', { vm: 'kvm', container: 'none', xen_mode: null, role: 'guest' }, null,
    '/proc/sysinfo VM00 Control Program KVM/Linux (the hypervisor this Linux runs on), VM01 z/VM 6.4.0 below it; lscpu reports KVM.'],
  's390-zvm': ['z/VM guest on IBM Z', { vm: 'zvm', container: 'none', xen_mode: null, role: 'guest' }, null, '/proc/sysinfo VM00 Control Program: z/VM 6.1.0.'],
  sparc64: ['Sun UltraSPARC II (sun4u) machine', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, 'cpuinfo type sun4u: no sun4v hypervisor.'],
  'vbox-win': ['VirtualBox guest on a Windows host', { vm: 'oracle', container: 'none', xen_mode: null, role: 'guest' }, null,
    '/proc/bus/pci/devices holds 80ee:beef and 80ee:cafe (lscpu: Hypervisor vendor Oracle); the cpuinfo shows no hypervisor flag.'],
  vmware_fpe: ['AMD Opteron 6328 server (bare metal)', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null,
    'cpuinfo flags without hypervisor, with svm (lscpu: Virtualization AMD-V, no hypervisor).'],
  'x86_64-64cpu': ['Intel Xeon X7550 server', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, 'cpuinfo flags without hypervisor.'],
  'x86_64-dell_e4310': ['Dell Latitude E4310 laptop', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, 'cpuinfo flags without hypervisor.'],
  'x86_64-epyc_7451': ['AMD EPYC 7451 server', { vm: 'none', container: 'none', xen_mode: null, role: 'none' }, null, 'cpuinfo flags without hypervisor.'],
};

/** The parts of a dump that a virt-facts run reads; everything else is lscpu's own input. */
const KEEP = /^(proc\/(cpuinfo|sysinfo|self\/status|bus\/pci\/devices|device-tree\/.*|xen\/.*)|sys\/hypervisor\/.*)$/;

const tarball = process.argv[2];
if (!tarball) {
  console.error('usage: node test/tools/import-lscpu-corpus.mjs util-linux-<version>.orig.tar.xz');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lscpu-corpus-'));
const top = `util-linux-${VERSION}`;
execFileSync('tar', ['xf', tarball, '-C', work, `${top}/tests/ts/lscpu/dumps`, `${top}/tests/expected/lscpu`]);
fs.rmSync(OUT, { recursive: true, force: true });
const index = [];
for (const [name, [environment, truth, acceptable, notes]] of Object.entries(CASES)) {
  const dump = path.join(work, 'dump');
  fs.rmSync(dump, { recursive: true, force: true });
  fs.mkdirSync(dump);
  execFileSync('tar', ['xzf', path.join(work, top, 'tests/ts/lscpu/dumps', `${name}.tar.gz`), '-C', dump]);
  const base = path.join(dump, name);
  const kept = [];
  const left = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(base, full).split(path.sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (KEEP.test(rel)) kept.push(rel);
      else left.add(rel.split('/').slice(0, 4).join('/'));
    }
  };
  walk(base);
  for (const rel of kept) {
    const to = path.join(OUT, name, 'root', rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(base, rel), to);
  }
  const expected = fs.readFileSync(path.join(work, top, 'tests/expected/lscpu', `lscpu-${name}`), 'utf8');
  const says = expected.split('\n').filter((l) => /^(Hypervisor|Hypervisor vendor|Virtualization type):/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
  const record = {
    case: name,
    environment,
    truth,
    acceptable,
    notes,
    data_quality: 'capture',
    source: `util-linux ${VERSION}: tests/ts/lscpu/dumps/${name}.tar.gz`,
    source_commit: `v${VERSION}`,
    source_test: `tests/ts/lscpu/lscpu (expected output tests/expected/lscpu/lscpu-${name})`,
    lscpu_says: says.join('; '),
    derived_files: [...left].sort().map((p) => [p, 'left out: lscpu input that virt-facts does not read']),
  };
  fs.writeFileSync(path.join(OUT, name, 'truth.json'), `${JSON.stringify(record, null, 1)}\n`);
  index.push({ case: name, environment, truth, acceptable, data_quality: 'capture' });
}
fs.writeFileSync(path.join(OUT, 'cases.json'), `${JSON.stringify(index, null, 1)}\n`);
fs.rmSync(work, { recursive: true, force: true });
console.log(`${index.length} cases written to ${path.relative(process.cwd(), OUT)}`);
