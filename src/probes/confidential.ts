/**
 * Confidential-computing evidence: whether this guest's memory is encrypted from the host. The CPU's word
 * (the TDX leaf, AMD's memory-encryption leaf, the SEV_STATUS MSR, Hyper-V's isolation leaves) through the
 * kernel's cpuid and msr devices, and what the kernel exposes once it runs as such a guest (guest device
 * nodes, the s390 ultravisor's answer, configfs-tsm, Arm's realm device). cpuinfo's flags come from the
 * cpuinfo probe.
 *
 * Each leaf read is a CPUID (in a guest, a VM exit) on the device's CPU (cpuDevice in cpuid.ts), so leaves are
 * read only where they can answer (registers() below): one or two on most machines.
 *
 * A fixture cannot hold the msr device (MSR N and N+1 overlap as CPUID leaves do): there the path is a
 * regular file holding `msr value` lines in hex, read as that table (test/fixtures/README.md).
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { isHexDigits, parseHex32, words } from '../model/text.ts';
import { HYPERVISOR_BASE, cpuDevice, currentCpu, leafReader, registerDevice, signatureOf, type CpuidRegisters } from './cpuid.ts';

/** CPU 0's device, the one fixtures hold; a live run reads the current CPU's (cpuDevice). */
export const MSR_DEVICE = registerDevice(0, 'msr');
/** AMD64 APM vol. 2 §15.34.10, Linux MSR_AMD64_SEV: bit 0 SEV, bit 1 SEV-ES, bit 2 SEV-SNP active. */
export const SEV_STATUS_MSR = 0xc0010131;
/** Linux arch/x86/coco/tdx/tdx.c TDX_CPUID_LEAF_ID and TDX_IDENT: only a TDX module answers this leaf so. */
const TDX_LEAF = 0x21;
const TDX_SIGNATURE = 'IntelTDX    ';
/** AMD64 APM vol. 3 appendix E, CPUID Fn8000_001F EAX: bit 1 SEV, bit 3 SEV-ES, bit 4 SEV-SNP supported. */
const AMD_MEMORY_ENCRYPTION_LEAF = 0x8000001f;
const SEV_SUPPORTED = 1 << 1;
/** Hyper-V's VMBus (drivers/hv/vmbus_drv.c): the only hypervisor with it, and every Hyper-V guest kernel has it. */
const VMBUS = '/sys/bus/vmbus';
/** Hyper-V TLFS: 0x40000003 EBX bit 22 "isolation" (Linux HV_ISOLATION); 0x4000000C EAX bit 0 paravisor present, EBX bits 3:0 isolation type. */
const HYPERV_FEATURES_LEAF = HYPERVISOR_BASE + 3;
const HYPERV_ISOLATION_LEAF = HYPERVISOR_BASE + 0xc;
const HYPERV_ISOLATION = 1 << 22;

/** Nodes and directories the kernel creates only in a confidential guest, by the name `sources` uses. */
const INTERFACES: readonly (readonly [path: string, name: string])[] = [
  ['/dev/sev-guest', 'sev-guest'], // drivers/virt/coco/sev-guest (Linux 5.19+), SEV-SNP guests only
  ['/dev/tdx_guest', 'tdx-guest'], // drivers/virt/coco/tdx-guest (Linux 6.2+)
  ['/sys/kernel/config/tsm/report', 'tsm-report'], // configfs-tsm (Linux 6.7+), any provider, when configfs is mounted
  ['/sys/bus/platform/devices/arm-cca-dev', 'realm'], // arch/arm64/kernel/rsi.c RSI_PDEV_NAME (Linux 6.13+), realm guests only
];
/** s390 Secure Execution: "1" when the ultravisor says this is a protected guest (arch/s390/kernel/uv.c). */
export const PROT_VIRT_GUEST = '/sys/firmware/uv/prot_virt_guest';

export interface HypervIsolation {
  /** EBX bits 3:0 of 0x4000000C: 0 none, 1 VBS, 2 SEV-SNP, 3 TDX. */
  readonly type: number;
  readonly paravisor: boolean;
}

export interface ConfidentialFacts {
  /** CPUID 0x21 read: whether it carries the TDX signature (undefined: not read). */
  readonly tdxLeaf: Signal<boolean> | undefined;
  /** CPUID 0x8000001F EAX: what the CPU supports (undefined: not read, not AMD). */
  readonly sevSupport: Signal<number> | undefined;
  /** SEV_STATUS, low 32 bits: what is active (undefined: not read). */
  readonly sevStatus: Signal<number> | undefined;
  readonly hypervIsolation: Signal<HypervIsolation> | undefined;
  /** The guest interfaces that exist, by contract name. */
  readonly interfaces: readonly Signal<string>[];
  readonly protVirtGuest: Signal<boolean> | undefined;
}

export const NO_CONFIDENTIAL_EVIDENCE: ConfidentialFacts = {
  tdxLeaf: undefined,
  sevSupport: undefined,
  sevStatus: undefined,
  hypervIsolation: undefined,
  interfaces: [],
  protVirtGuest: undefined,
};

/** An MSR table: `msr value` per line, hex (a 64-bit value; the low 32 bits are kept); `#` starts a comment. */
export function parseMsrTable(text: string): Map<number, number> {
  const table = new Map<number, number>();
  for (const line of text.split('\n')) {
    const comment = line.indexOf('#');
    const fields = words(comment === -1 ? line : line.slice(0, comment));
    const value = fields[1]?.startsWith('0x') ? fields[1].slice(2) : (fields[1] ?? '');
    const msr = parseHex32(fields[0] ?? '');
    if (fields.length === 2 && msr !== undefined && value.length <= 16 && isHexDigits(value)) table.set(msr, Number.parseInt(value.slice(-8), 16) >>> 0);
  }
  return table;
}

/** SEV_STATUS from the msr device (8 bytes at offset = MSR), or from a table in a fixture, as a signal; undefined when unread. */
function sevStatus(ctx: ProbeContext, cpu: number | undefined): Signal<number> | undefined {
  const device = cpuDevice(ctx, 'msr', cpu);
  if (device === undefined) return undefined;
  let status: number | undefined;
  if (device.kind === 'file') {
    const text = ctx.text(device.path);
    status = text.ok ? parseMsrTable(text.value).get(SEV_STATUS_MSR) : undefined;
  } else {
    const bytes = ctx.bytes(device.path, SEV_STATUS_MSR, 8);
    status = bytes.ok && bytes.value.length === 8 ? new DataView(bytes.value.buffer, bytes.value.byteOffset, 8).getUint32(0, true) : undefined;
  }
  return status === undefined ? undefined : signal(at(device.path, SEV_STATUS_MSR), hex(status), status);
}

/** Leaf 0's vendor and the TDX leaf's signature are stored EBX, EDX, ECX (the hypervisor leaves: EBX, ECX, EDX). */
export const vendorOf = (r: CpuidRegisters): string => signatureOf({ ...r, ecx: r.edx, edx: r.ecx });

const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;
const at = (path: string, index: number): string => `${path}@${hex(index)}`;

/**
 * The CPU's registers, the fewest reads first: leaf 0 (vendor, highest leaf); on Intel the TDX leaf where the
 * highest leaf reaches it (elsewhere it is not the TDX module's); on AMD Fn8000_001F (AMD answers a leaf past its
 * highest with zeros, as KVM does for AMD guests, so no Fn8000_0000 read first), then, where SEV is supported,
 * leaf 1 (a hypervisor?) and SEV_STATUS; behind VMBus, Hyper-V's isolation leaves.
 */
function registers(ctx: ProbeContext): Partial<ConfidentialFacts> {
  const found: { -readonly [K in keyof ConfidentialFacts]?: ConfidentialFacts[K] } = {};
  // One look at /proc/self/stat for both devices.
  const processor = currentCpu(ctx);
  const leaves = leafReader(ctx, processor);
  const vendor = leaves?.read(0);
  if (leaves === undefined || vendor === undefined) {
    // Without CPUID (no root) the MSR is closed too: trying it puts that in `errors`, at the cost of an open().
    const status = sevStatus(ctx, processor);
    if (status !== undefined) found.sevStatus = status;
    return found;
  }
  const { device, read } = leaves;
  const cpu = vendorOf(vendor);
  if (cpu === 'GenuineIntel' && vendor.eax >>> 0 >= TDX_LEAF) {
    const leaf = read(TDX_LEAF);
    if (leaf !== undefined) found.tdxLeaf = signal(at(device, TDX_LEAF), JSON.stringify(vendorOf(leaf)), vendorOf(leaf) === TDX_SIGNATURE);
  }
  if (cpu === 'AuthenticAMD') {
    const eax = read(AMD_MEMORY_ENCRYPTION_LEAF)?.eax;
    // A host that supports SEV shows the same bits: SEV_STATUS describes a guest, and is read only under a hypervisor.
    if (eax !== undefined && (eax & SEV_SUPPORTED) !== 0 && ((read(1)?.ecx ?? 0) & (1 << 31)) !== 0) {
      found.sevSupport = signal(at(device, AMD_MEMORY_ENCRYPTION_LEAF), `eax=${hex(eax)}`, eax);
      const status = sevStatus(ctx, processor);
      if (status !== undefined) found.sevStatus = status;
    }
  }
  // Azure and Hyper-V isolated VMs hide AMD's leaf and the MSR behind a paravisor; Hyper-V's leaves say it. Only
  // Hyper-V offers VMBus, so a directory lookup spares every other guest three CPUID reads.
  const hyperv = ctx.exists(VMBUS) ? read(HYPERVISOR_BASE) : undefined;
  if (hyperv !== undefined && signatureOf(hyperv) === 'Microsoft Hv' && hyperv.eax >>> 0 >= HYPERV_ISOLATION_LEAF) {
    const isolated = ((read(HYPERV_FEATURES_LEAF)?.ebx ?? 0) & HYPERV_ISOLATION) !== 0;
    const config = isolated ? read(HYPERV_ISOLATION_LEAF) : undefined;
    if (config !== undefined) {
      const value = { type: config.ebx & 0xf, paravisor: (config.eax & 1) === 1 };
      found.hypervIsolation = signal(at(device, HYPERV_ISOLATION_LEAF), `eax=${hex(config.eax)} ebx=${hex(config.ebx)}`, value);
    }
  }
  return found;
}

export function probeConfidential(ctx: ProbeContext): ConfidentialFacts {
  const interfaces: Signal<string>[] = [];
  for (const [path, name] of INTERFACES) if (ctx.exists(path)) interfaces.push(signal(path, 'present', name));
  const uv = ctx.line(PROT_VIRT_GUEST);
  return {
    ...NO_CONFIDENTIAL_EVIDENCE,
    ...registers(ctx),
    interfaces,
    protVirtGuest: uv === undefined ? undefined : signal(PROT_VIRT_GUEST, uv, uv === '1'),
  };
}
