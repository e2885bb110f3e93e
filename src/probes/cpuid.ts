/**
 * CPUID through the kernel's cpuid device (arch/x86/kernel/cpuid.c): a pread of 16 bytes at offset = leaf
 * returns EAX, EBX, ECX, EDX. Root-only and needs the `cpuid` module (or CONFIG_X86_CPUID=y), so the answer
 * must stay right without it: this is the most decisive source when present, never the only one.
 *
 * A captured or fixture root cannot hold the device: leaf N and leaf N+1 answer 16 bytes each at offsets one
 * byte apart, which no file can store. There the path is a regular file holding the leaves as text, one
 * `leaf eax ebx ecx edx` line each in hex (what `capture` writes), and it is read as that table.
 *
 * The device read is the one of the CPU this process runs on (cpuDevice): see there why.
 */
import type { EntryKind } from '../host/reader.ts';
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { isDigits, parseHex32, words } from '../model/text.ts';

/** The kernel's per-CPU register device (arch/x86/kernel/cpuid.c, msr.c) of CPU `cpu`. */
export const registerDevice = (cpu: number, name: 'cpuid' | 'msr'): string => `/dev/cpu/${cpu}/${name}`;
/** CPU 0's device: there on every x86 machine with the `cpuid` module, and the one fixtures and captures hold. */
export const CPUID_DEVICE = registerDevice(0, 'cpuid');
/** proc(5): field 39 of /proc/[pid]/stat is the CPU the process last ran on; fields 3 on follow the last ')'. */
const SELF_STAT = '/proc/self/stat';
const PROCESSOR_AFTER_COMMAND = 39 - 3;
/** Longer CPU numbers than any kernel's NR_CPUS (8192 on x86 distribution kernels) are not believed. */
const MAX_CPU_DIGITS = 5;

/** A register device (registerDevice) and what is at its path. */
export interface CpuDevice {
  readonly path: string;
  readonly kind: EntryKind;
}

/** The CPU this process last ran on, from /proc/self/stat; undefined when that is not there or not a number. */
export function currentCpu(ctx: ProbeContext): number | undefined {
  const stat = ctx.line(SELF_STAT);
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const field = stat === undefined ? undefined : words(stat.slice(stat.lastIndexOf(')') + 1))[PROCESSOR_AFTER_COMMAND];
  return field !== undefined && isDigits(field) && field.length <= MAX_CPU_DIGITS ? Number(field) : undefined;
}

/**
 * The kernel's `cpuid` or `msr` device of `cpu`, the CPU this process runs on (currentCpu), else CPU 0's (a fixture
 * or a capture holds the one it was read from; /proc/self/stat may be missing). Each read runs on the device's own CPU: any other CPU
 * is interrupted for it, which in a guest is a VM exit that first wakes that vCPU when it idles. Measured on a
 * 2-vCPU KVM guest: 0.12-0.9 ms a read of the other CPU's device, 0.02-0.04 ms of this CPU's. The leaves and the
 * MSR read here are the same on every CPU, so which CPU answers changes no answer; the evidence names the device.
 */
export function cpuDevice(ctx: ProbeContext, name: 'cpuid' | 'msr', cpu: number | undefined): CpuDevice | undefined {
  for (const number of cpu === undefined || cpu === 0 ? [0] : [cpu, 0]) {
    const path = registerDevice(number, name);
    const kind = ctx.kind(path);
    if (kind.ok) return { path, kind: kind.value };
  }
  return undefined;
}
/** Leaf 1 ECX bit 31: "hypervisor present" (Intel SDM vol. 2A, CPUID; reserved for this use by both vendors). */
const LEAF_FEATURES = 0x1;
const HYPERVISOR_BIT = 1 << 31;
/** Hypervisor leaves start here and repeat every 0x100 (Xen and KVM move up by 0x100 behind a Hyper-V leaf). */
export const HYPERVISOR_BASE = 0x40000000;
const HYPERVISOR_STEP = 0x100;
/** KVM scans up to 0x40010000 (arch/x86/include/asm/kvm_para.h); 16 steps covers every stack seen in practice. */
const HYPERVISOR_STEPS = 16;
const HYPERV_SIGNATURE = 'Microsoft Hv';
/** Signatures whose leaf+1 EAX carries a version: Xen (major << 16 | minor), Hyper-V ("Hv#1"). */
const VERSIONED = new Set(['XenVMMXenVMM', HYPERV_SIGNATURE]);

export interface CpuidRegisters {
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
}

export interface HypervisorLeaf {
  readonly leaf: number;
  /** EBX:ECX:EDX as ASCII, trailing NULs removed (e.g. "KVMKVMKVM"). */
  readonly signature: string;
  /** EAX of the signature leaf: the highest leaf of this hypervisor's range. */
  readonly maxLeaf: number;
  /** EAX of leaf+1 (Xen: major << 16 | minor; Hyper-V: "Hv#1"), when read. */
  readonly nextEax: number | undefined;
}

export interface CpuidFacts {
  /** The device answered; false when absent or refused (non-root, no module, not x86). */
  readonly readable: boolean;
  readonly hypervisorBit: Signal<boolean> | undefined;
  /** Every hypervisor leaf with a signature, lowest first. */
  readonly leaves: readonly Signal<HypervisorLeaf>[];
}

/** Decodes the 16 bytes the cpuid device returns. */
export function decodeRegisters(bytes: Uint8Array): CpuidRegisters | undefined {
  if (bytes.length < 16) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return { eax: view.getUint32(0, true), ebx: view.getUint32(4, true), ecx: view.getUint32(8, true), edx: view.getUint32(12, true) };
}

/** The 12-byte vendor signature in EBX, ECX, EDX, as the CPU stores it (little-endian ASCII). */
export function signatureOf(registers: CpuidRegisters): string {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, registers.ebx, true);
  view.setUint32(4, registers.ecx, true);
  view.setUint32(8, registers.edx, true);
  let text = '';
  for (const byte of bytes) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : byte === 0 ? '\0' : '?';
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/** A captured leaf table: `leaf eax ebx ecx edx` per line, hex; `#` starts a comment. */
export function parseLeafTable(text: string): Map<number, CpuidRegisters> {
  const table = new Map<number, CpuidRegisters>();
  for (const line of text.split('\n')) {
    const comment = line.indexOf('#');
    const values = words(comment === -1 ? line : line.slice(0, comment)).map(parseHex32);
    if (values.length !== 5 || values.includes(undefined)) continue;
    const [leaf, eax, ebx, ecx, edx] = values as [number, number, number, number, number];
    table.set(leaf, { eax, ebx, ecx, edx });
  }
  return table;
}

/** How leaves are read, and from which device: the device itself, or a captured table; undefined when neither is there. */
export interface LeafReader {
  readonly device: string;
  read(leaf: number): CpuidRegisters | undefined;
}

/** `cpu`: the CPU to ask (currentCpu), when the caller knows it already. */
export function leafReader(ctx: ProbeContext, cpu = currentCpu(ctx)): LeafReader | undefined {
  const device = cpuDevice(ctx, 'cpuid', cpu);
  if (device === undefined) return undefined;
  const { path } = device;
  if (device.kind === 'file') {
    const text = ctx.text(path);
    if (!text.ok) return undefined;
    const table = parseLeafTable(text.value);
    return { device: path, read: (leaf) => table.get(leaf) ?? { eax: 0, ebx: 0, ecx: 0, edx: 0 } };
  }
  return {
    device: path,
    read(leaf) {
      const bytes = ctx.bytes(path, leaf, 16);
      return bytes.ok ? decodeRegisters(bytes.value) : undefined;
    },
  };
}

export function probeCpuid(ctx: ProbeContext): CpuidFacts {
  const reader = leafReader(ctx);
  if (reader === undefined) return { readable: false, hypervisorBit: undefined, leaves: [] };
  const { device, read } = reader;
  const features = read(LEAF_FEATURES);
  if (features === undefined) return { readable: false, hypervisorBit: undefined, leaves: [] };
  const bit = (features.ecx & HYPERVISOR_BIT) !== 0;
  const hypervisorBit = signal(`${device}@${hex(LEAF_FEATURES)}`, `ecx=${hex(features.ecx >>> 0)}`, bit);
  const leaves: Signal<HypervisorLeaf>[] = [];
  // Without the hypervisor bit the 0x40000000 range is not a hypervisor's: Intel CPUs answer an out-of-range
  // leaf with their highest basic leaf (SDM vol. 2A, CPUID), which would read as a garbage signature.
  if (!bit) return { readable: true, hypervisorBit, leaves };
  for (let step = 0; step < HYPERVISOR_STEPS; step++) {
    const leaf = HYPERVISOR_BASE + step * HYPERVISOR_STEP;
    const registers = read(leaf);
    const signature = registers === undefined ? '' : signatureOf(registers);
    // An empty range ends the scan: hypervisors stack their ranges without gaps.
    if (registers === undefined || signature.trim() === '') break;
    // Each read is a CPUID and, in a guest, a VM exit: only the version leaves that are decoded are read.
    const next = registers.eax > leaf && VERSIONED.has(signature) ? read(leaf + 1) : undefined;
    leaves.push(signal(`${device}@${hex(leaf)}`, signature, { leaf, signature, maxLeaf: registers.eax, nextEax: next?.eax }));
    // Only a Hyper-V leaf has another hypervisor's range above it (KVM, Xen and QEMU enlightenments).
    if (signature !== HYPERV_SIGNATURE) break;
  }
  return { readable: true, hypervisorBit, leaves };
}
