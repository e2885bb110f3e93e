/**
 * The identifiers of the contract, in systemd-detect-virt's vocabulary (systemd man/systemd-detect-virt.xml),
 * generated into facts.generated.ts from the schema; this module adds what each means to a person.
 */
import type { VirtFacts } from './facts.generated.ts';

export type VmId = VirtFacts['vm'];
export type ContainerId = VirtFacts['container'];
export type Mode = VirtFacts['mode'];
export type Confidence = VirtFacts['confidence'];

/** Vendor names shown in `hypervisor.vendor`. */
export const VM_VENDORS: Readonly<Record<Exclude<VmId, 'none' | 'unknown'>, string>> = {
  kvm: 'KVM',
  // systemd's id for QEMU without KVM; where nothing tells KVM from TCG (no CPUID, no kvm-clock) QEMU is all that is known.
  qemu: 'QEMU',
  amazon: 'Amazon EC2 (Nitro, KVM-based)',
  google: 'Google Compute Engine (KVM-based)',
  zvm: 'IBM z/VM',
  vmware: 'VMware',
  microsoft: 'Microsoft Hyper-V',
  oracle: 'Oracle VirtualBox',
  powervm: 'IBM PowerVM',
  xen: 'Xen Project',
  bochs: 'Bochs',
  uml: 'User-Mode Linux',
  parallels: 'Parallels',
  bhyve: 'bhyve',
  qnx: 'QNX Hypervisor',
  acrn: 'ACRN',
  apple: 'Apple Virtualization.framework',
  sre: 'LMHS SRE',
  'vm-other': 'unknown hypervisor',
};

const CONFIDENCE_ORDER: readonly Confidence[] = ['low', 'medium', 'high'];
/** The weaker of two confidences: an answer is only as sure as its least sure layer. */
export const weakest = (a: Confidence, b: Confidence): Confidence =>
  CONFIDENCE_ORDER[Math.min(CONFIDENCE_ORDER.indexOf(a), CONFIDENCE_ORDER.indexOf(b))] as Confidence;
