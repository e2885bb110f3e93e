/**
 * The confidential probe: its MSR table parser, and which registers it reads. Each CPUID or MSR read is an
 * interprocessor interrupt (and a VM exit in a guest), so the leaves read are asserted, not only the answer:
 * the register devices are served by a reader that answers like the kernel's devices and counts the reads.
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { createReader, type Read, type Reader } from '../../src/host/reader.ts';
import type { ReadError } from '../../src/model/evidence.ts';
import { MSR_DEVICE, SEV_STATUS_MSR, parseMsrTable, probeConfidential, vendorOf } from '../../src/probes/confidential.ts';
import { createProbeContext } from '../../src/probes/context.ts';
import { CPUID_DEVICE } from '../../src/probes/cpuid.ts';
import { tree, type Entry } from '../helpers/tree.ts';

type Registers = readonly [eax: number, ebx: number, ecx: number, edx: number];

/** The cpuid and msr devices as the kernel answers them: 16 or 8 little-endian bytes at offset = leaf or MSR. */
function registerDevices(inner: Reader, leaves: ReadonlyMap<number, Registers>, msrs: ReadonlyMap<number, number> | undefined, reads: string[]): Reader {
  const device = (path: string) => path === CPUID_DEVICE || (path === MSR_DEVICE && msrs !== undefined);
  return {
    ...inner,
    kind: (path) => (device(path) ? { ok: true, value: 'device' } : inner.kind(path)),
    bytes(path, offset, length): Read<Uint8Array> {
      if (!device(path)) return inner.bytes(path, offset, length);
      reads.push(`${path === CPUID_DEVICE ? 'cpuid' : 'msr'} ${offset.toString(16)}`);
      const out = new DataView(new ArrayBuffer(length));
      if (path === CPUID_DEVICE) (leaves.get(offset) ?? [0, 0, 0, 0]).forEach((r, i) => out.setUint32(i * 4, r, true));
      else if (msrs?.has(offset)) out.setUint32(0, msrs.get(offset) as number, true);
      else return { ok: false, code: 'EIO' }; // rdmsr of an MSR the CPU does not have: #GP, EIO from the driver
      return { ok: true, value: new Uint8Array(out.buffer) };
    },
  };
}

const AMD: Registers = [0x10, 0x68747541, 0x444d4163, 0x69746e65];
const INTEL_SPR: Registers = [0x23, 0x756e6547, 0x6c65746e, 0x49656e69];
const GUEST: Registers = [0xa00f11, 0x800, 0x80000000, 0];
const METAL: Registers = [0xa00f11, 0x800, 0x7ed8320b, 0];
const KVM: Registers = [0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d];

function probe(leaves: [number, Registers][], msrs?: [number, number][], files: Record<string, Entry> = {}) {
  const t = tree({ 'proc/.keep': '', ...files });
  const reads: string[] = [];
  const errors: ReadError[] = [];
  try {
    const reader = registerDevices(createReader(t.root), new Map(leaves), msrs && new Map(msrs), reads);
    return { facts: probeConfidential(createProbeContext(reader, 'confidential', errors)), reads, errors };
  } finally {
    t.cleanup();
  }
}

describe('confidential probe', () => {
  describe('MSR table (fixtures, capture)', () => {
    const cases: [string, string, [number, number][]][] = [
      ['a 64-bit value keeps its low 32 bits', 'c0010131 0000000100000007\n', [[SEV_STATUS_MSR, 7]]],
      ['short and 0x-prefixed values', 'c0010131 0x3\n10 1f\n', [[SEV_STATUS_MSR, 3], [0x10, 0x1f]]],
      ['comments, blank and malformed lines are skipped', '# msr value\n\nc0010131\nzz 1\nc0010131 1 2\nc0010131 00000000000000000\nc0010131 7 # SNP\n', [[SEV_STATUS_MSR, 7]]],
    ];
    for (const [name, text, expected] of cases) it(name, () => deepStrictEqual([...parseMsrTable(text)], expected));
  });

  it('reads the vendor in leaf 0 order (EBX, EDX, ECX), as the TDX leaf stores its signature', () => {
    deepStrictEqual([vendorOf({ eax: 0, ebx: AMD[1], ecx: AMD[2], edx: AMD[3] }), vendorOf({ eax: 0, ebx: 0x65746e49, ecx: 0x20202020, edx: 0x5844546c })], ['AuthenticAMD', 'IntelTDX    ']);
  });

  it('on an SEV-capable host reads leaf 0, AMD\'s leaf and leaf 1 (no hypervisor), never the MSR', () => {
    const { facts, reads } = probe([[0, AMD], [1, METAL], [0x8000001f, [0x1007f, 0, 0, 0]]], [[SEV_STATUS_MSR, 0]]);
    deepStrictEqual(reads, ['cpuid 0', 'cpuid 8000001f', 'cpuid 1']);
    deepStrictEqual([facts.sevSupport, facts.sevStatus], [undefined, undefined]);
  });

  it('in an AMD guest reads the memory-encryption leaf, then leaf 1 and SEV_STATUS only where SEV is supported', () => {
    const snp = probe([[0, AMD], [1, GUEST], [0x8000001f, [0x1a, 0x73, 0, 0]], [0x40000000, KVM]], [[SEV_STATUS_MSR, 7]]);
    deepStrictEqual(snp.reads, ['cpuid 0', 'cpuid 8000001f', 'cpuid 1', `msr ${SEV_STATUS_MSR.toString(16)}`]);
    deepStrictEqual([snp.facts.sevSupport?.value, snp.facts.sevStatus?.value], [0x1a, 7]);
    const plain = probe([[0, AMD], [1, GUEST], [0x40000000, KVM]], [[SEV_STATUS_MSR, 0]]);
    deepStrictEqual(plain.reads, ['cpuid 0', 'cpuid 8000001f'], 'no SEV support bit: two reads in all');
  });

  it('reads the TDX leaf only on Intel CPUs whose highest basic leaf reaches it', () => {
    const td = probe([[0, INTEL_SPR], [1, GUEST], [0x21, [0, 0x65746e49, 0x20202020, 0x5844546c]], [0x40000000, KVM]]);
    deepStrictEqual([td.reads, td.facts.tdxLeaf?.value], [['cpuid 0', 'cpuid 21'], true]);
    const old = probe([[0, [0xd, INTEL_SPR[1], INTEL_SPR[2], INTEL_SPR[3]]], [1, GUEST], [0x40000000, KVM]]);
    deepStrictEqual([old.reads, old.facts.tdxLeaf], [['cpuid 0'], undefined]);
  });

  it("reads Hyper-V's isolation leaves only where VMBus is, behind a Hyper-V signature whose range reaches them", () => {
    const hv: Registers = [0x4000000c, 0x7263694d, 0x666f736f, 0x76482074];
    const vmbus = { 'sys/bus/vmbus/devices/.keep': '' };
    const cvm = probe([[0, AMD], [1, GUEST], [0x40000000, hv], [0x40000003, [0, 1 << 22, 0, 0]], [0x4000000c, [1, 0xba2, 0, 0]]], undefined, vmbus);
    deepStrictEqual(cvm.facts.hypervIsolation?.value, { type: 2, paravisor: true });
    deepStrictEqual(cvm.reads, ['cpuid 0', 'cpuid 8000001f', 'cpuid 40000000', 'cpuid 40000003', 'cpuid 4000000c']);
    const plain = probe([[0, AMD], [1, GUEST], [0x40000000, hv]], undefined, vmbus);
    deepStrictEqual([plain.facts.hypervIsolation, plain.reads.at(-1)], [undefined, 'cpuid 40000003'], 'no isolation bit: the config leaf is not read');
    deepStrictEqual(probe([[0, AMD], [1, GUEST], [0x40000000, hv]]).reads, ['cpuid 0', 'cpuid 8000001f'], 'no VMBus: no Hyper-V leaf read');
  });

  it('finds the guest interfaces and the ultravisor answer by path', () => {
    const { facts } = probe([], undefined, {
      'dev/sev-guest': '',
      'sys/kernel/config/tsm/report/.keep': '',
      'sys/firmware/uv/prot_virt_guest': '1\n',
    });
    deepStrictEqual([facts.interfaces.map((s) => s.value), facts.protVirtGuest?.value], [['sev-guest', 'tsm-report'], true]);
  });

  it('without CPUID still tries the MSR, so that a refusal is reported', () => {
    const t = tree({ 'dev/cpu/0/msr': '# msr value\nc0010131 7\n' });
    const errors: ReadError[] = [];
    try {
      const refusing: Reader = { ...createReader(t.root), kind: (p) => (p.startsWith('/dev/cpu/0/') ? { ok: false, code: 'EACCES' } : createReader(t.root).kind(p)) };
      probeConfidential(createProbeContext(refusing, 'confidential', errors));
      deepStrictEqual(errors.map((e) => e.path), [CPUID_DEVICE, MSR_DEVICE]);
    } finally {
      t.cleanup();
    }
    equal(probe([[0, AMD], [1, GUEST]], undefined).errors.length, 0, 'an absent msr device is no error');
  });
});
