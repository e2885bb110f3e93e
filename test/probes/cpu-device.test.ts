/**
 * Which CPU's register device the cpuid and confidential probes read: the one this process runs on, as
 * /proc/self/stat says (field 39), else CPU 0's. The trees hold the devices as leaf and MSR tables (what
 * fixtures and captures hold); to tell which device answered, CPU 0's and the other CPU's tables differ here,
 * which on a real machine they do not (labelled test values, not a captured machine).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { createReader } from '../../src/host/reader.ts';
import { renderExplanation } from '../../src/cli/explain.ts';
import type { ReadError } from '../../src/model/evidence.ts';
import { probeConfidential } from '../../src/probes/confidential.ts';
import { createProbeContext } from '../../src/probes/context.ts';
import { probeCpuid } from '../../src/probes/cpuid.ts';
import { factsOfTree } from '../helpers/facts.ts';
import { tree, type Entry } from '../helpers/tree.ts';

/** /proc/self/stat of a process named `command` on CPU `cpu` (the shape of this machine's; field 39 is the CPU). */
const selfStat = (command: string, cpu: string) =>
  `4242 (${command}) R 4240 4240 4100 0 -1 4194304 97 0 0 0 0 0 0 0 20 0 1 0 2272856 3133440 362 18446744073709551615 ` +
  `94351033491456 94351033511337 140735413312400 0 0 0 0 0 0 0 0 0 17 ${cpu} 0 0 0 0 0 94351033527344 94351033528960 ` +
  '94351663833088 140735413320222 140735413320242 140735413320242 140735413321707 0\n';
const GUEST_LEAF_1 = '00000001 00a00f11 00000800 80000000 00000000';
const KVM = '40000000 40000001 4b4d564b 564b4d56 0000004d';
const XEN = '40000000 40000005 566e6558 65584d4d 4d4d566e';
const AMD_LEAF_0 = '00000000 00000010 68747541 444d4163 69746e65';
const SEV_CAPABLE = '8000001f 0001007f 00000073 00000000 00000000';

function withTree<T>(entries: Record<string, Entry>, body: (ctx: ReturnType<typeof createProbeContext>, errors: ReadError[]) => T): T {
  const t = tree(entries);
  const errors: ReadError[] = [];
  try {
    return body(createProbeContext(createReader(t.root), 'cpuid', errors), errors);
  } finally {
    t.cleanup();
  }
}

const cpuidPaths = (entries: Record<string, Entry>) =>
  withTree(entries, (ctx) => {
    const facts = probeCpuid(ctx);
    return [facts.hypervisorBit?.path, ...facts.leaves.map((l) => `${l.path} ${l.value.signature}`)];
  });

describe('register device of the current CPU', () => {
  const cpu0 = [GUEST_LEAF_1, KVM].join('\n');
  const cpu3 = [GUEST_LEAF_1, XEN].join('\n');

  it('reads the device of the CPU that /proc/self/stat names', () => {
    deepStrictEqual(cpuidPaths({ 'proc/self/stat': selfStat('node', '3'), 'dev/cpu/0/cpuid': cpu0, 'dev/cpu/3/cpuid': cpu3 }), [
      '/dev/cpu/3/cpuid@0x00000001',
      '/dev/cpu/3/cpuid@0x40000000 XenVMMXenVMM',
    ]);
  });

  it("falls back to CPU 0's device when that CPU has none, or /proc/self/stat does not say", () => {
    const zero = ['/dev/cpu/0/cpuid@0x00000001', '/dev/cpu/0/cpuid@0x40000000 KVMKVMKVM'];
    const cases: [string, Record<string, Entry>][] = [
      ['no device for CPU 5', { 'proc/self/stat': selfStat('node', '5') }],
      ['no /proc/self/stat', {}],
      ['an empty /proc/self/stat', { 'proc/self/stat': '' }],
      ['a truncated line', { 'proc/self/stat': '4242 (node) R 4240 4240\n' }],
      ['a field that is no number', { 'proc/self/stat': selfStat('node', '-3') }],
      ['a number longer than any CPU count', { 'proc/self/stat': selfStat('node', '123456') }],
    ];
    for (const [name, entries] of cases) {
      deepStrictEqual(cpuidPaths({ 'dev/cpu/0/cpuid': cpu0, 'dev/cpu/3/cpuid': cpu3, ...entries }), zero, name);
    }
  });

  it('counts the fields after the command name, which may hold spaces and parentheses', () => {
    const [bit] = cpuidPaths({ 'proc/self/stat': selfStat('a) 1 2 (b', '3'), 'dev/cpu/0/cpuid': cpu0, 'dev/cpu/3/cpuid': cpu3 });
    equal(bit, '/dev/cpu/3/cpuid@0x00000001');
  });

  it('the confidential probe reads the leaves and SEV_STATUS of the same CPU', () => {
    const amdGuest = [AMD_LEAF_0, GUEST_LEAF_1, SEV_CAPABLE, KVM].join('\n');
    const facts = withTree(
      {
        'proc/self/stat': selfStat('node', '2'),
        'dev/cpu/0/cpuid': amdGuest,
        'dev/cpu/0/msr': 'c0010131 0000000000000000\n',
        'dev/cpu/2/cpuid': amdGuest,
        'dev/cpu/2/msr': 'c0010131 0000000000000007\n',
      },
      (ctx) => probeConfidential(ctx),
    );
    deepStrictEqual([facts.sevSupport?.path, facts.sevStatus?.path, facts.sevStatus?.value], ['/dev/cpu/2/cpuid@0x8000001f', '/dev/cpu/2/msr@0xc0010131', 7]);
  });

  it('the confidential probe reads /proc/self/stat once for both of its devices', () => {
    const t = tree({ 'proc/self/stat': selfStat('node', '2'), 'dev/cpu/2/cpuid': '', 'dev/cpu/2/msr': 'c0010131 0000000000000007\n' });
    const reads: string[] = [];
    try {
      const inner = createReader(t.root);
      // CPUID refused (as without root): the probe then tries the MSR, the second device.
      const reader = {
        ...inner,
        text: (path: string, maxBytes?: number) => (reads.push(path), path === '/dev/cpu/2/cpuid' ? { ok: false as const, code: 'EACCES' } : inner.text(path, maxBytes)),
      };
      const facts = probeConfidential(createProbeContext(reader, 'confidential', []));
      deepStrictEqual([facts.sevStatus?.path, reads.filter((p) => p === '/proc/self/stat').length], ['/dev/cpu/2/msr@0xc0010131', 1]);
    } finally {
      t.cleanup();
    }
  });

  it("a refused device is reported under its own CPU's path, and explain still says what root would add", () => {
    const entries = { 'proc/self/stat': selfStat('node', '1'), 'dev/cpu/0/cpuid': cpu0, 'dev/cpu/1/cpuid': cpu0, 'proc/self/ns/pid': { link: 'pid:[4026531836]' } };
    const facts = factsOfTree(entries, { '/dev/cpu/1/cpuid': 'EACCES' });
    deepStrictEqual(
      facts.errors.filter((e) => e.path.startsWith('/dev/cpu/')).map((e) => `${e.probe} ${e.path} ${e.code}`),
      ['cpuid /dev/cpu/1/cpuid EACCES'],
    );
    const text = renderExplanation(facts, '/', new Map(), false);
    ok(text.includes('/dev/cpu/1/cpuid: EACCES (probe cpuid) - mode 0600: as root (with the cpuid module) the CPUID signature'), text);
  });
});
