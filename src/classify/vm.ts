/**
 * The VM-layer rules. Each reads the evidence it owns and returns a verdict or nothing; the order in which
 * they are asked is decided in precedence.ts, not here.
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import type { VmId } from '../model/ids.ts';
import type { DmiField } from '../probes/dmi.ts';
import type { HypervisorLeaf } from '../probes/cpuid.ts';
import { cite } from './cite.ts';
import { CPUID_SIGNATURES, DMI_VENDORS, PARAVIRT_CLOCKSOURCES, type DmiVendorRow } from './tables.ts';
import type { VmVerdict } from './verdict.ts';

/** The DMI fields systemd consults, in its order. */
const DMI_ORDER: readonly DmiField[] = ['product_name', 'sys_vendor', 'board_vendor', 'bios_vendor', 'product_version'];

export interface DmiMatch {
  readonly row: DmiVendorRow;
  readonly field: DmiField;
  readonly signal: Signal;
}

/** The first DMI string that names a hypervisor, or undefined (bare metal, or no SMBIOS at all). */
export function dmiVendorMatch(g: Gathered): DmiMatch | undefined {
  for (const field of DMI_ORDER) {
    const signal = g.dmi.fields[field];
    if (signal === undefined) continue;
    const row = DMI_VENDORS.find((r) => (r.how === 'exact' ? signal.value === r.match : signal.value.startsWith(r.match)));
    if (row !== undefined) return { row, field, signal };
  }
  // Hyper-V names itself in product_version only on newer hosts (systemd#21816); the pair below is what every
  // generation shows, and no Microsoft hardware (Surface, Xbox) calls itself "Virtual Machine".
  const vendor = g.dmi.fields.sys_vendor;
  const product = g.dmi.fields.product_name;
  if (vendor?.value === 'Microsoft Corporation' && product?.value === 'Virtual Machine') {
    return { row: { match: 'Microsoft Corporation + Virtual Machine', how: 'exact', id: 'microsoft' }, field: 'product_name', signal: product };
  }
  return undefined;
}

export interface SignatureMatch {
  readonly leaf: Signal<HypervisorLeaf>;
  readonly id: VmId | undefined;
  readonly variant: string | null;
}

/** Every hypervisor leaf with what its signature means (id undefined: a signature nobody documents). */
export function cpuidMatches(g: Gathered): SignatureMatch[] {
  return g.cpuid.leaves.map((leaf) => {
    const row = CPUID_SIGNATURES.find(([signature]) => leaf.value.signature.trim() === signature);
    return { leaf, id: row?.[1], variant: row?.[2] ?? null };
  });
}

/** Paravirtual clocksources the kernel registered, with the hypervisor each belongs to. */
export function paravirtClocks(g: Gathered): { name: string; id: VmId }[] {
  return (g.clocksource.available?.value ?? [])
    .filter((name) => PARAVIRT_CLOCKSOURCES[name] !== undefined)
    .map((name) => ({ name, id: PARAVIRT_CLOCKSOURCES[name] as VmId }));
}

const verdict = (id: VmId, confidence: VmVerdict['confidence'], evidence: EvidenceItem[], variant: string | null = null): VmVerdict => ({
  id,
  confidence,
  variant,
  evidence,
});

/** User-Mode Linux: the kernel runs as a process, and says so as its CPU vendor (arch/um/kernel/um_arch.c). */
export function userModeLinux(g: Gathered): VmVerdict | undefined {
  const vendor = g.cpuinfo.vendorId;
  if (vendor?.value !== 'User Mode Linux') return undefined;
  return verdict('uml', 'high', [cite('cpuinfo', vendor, 'vm=uml')]);
}

/** The kernel's own Xen interfaces: /sys/hypervisor/type, guest_type, /proc/xen (dom0 and domU alike). */
export function xenDomain(g: Gathered): VmVerdict | undefined {
  const evidence: EvidenceItem[] = [];
  const { type, guestType } = g.sysHypervisor;
  if (type?.value === 'xen') evidence.push(cite('sysHypervisor', type, 'vm=xen'));
  if (guestType !== undefined) evidence.push(cite('sysHypervisor', guestType, 'vm=xen'));
  if (g.procXen.present !== undefined) evidence.push(cite('procXen', g.procXen.present, 'vm=xen'));
  return evidence.length > 0 ? verdict('xen', 'high', evidence) : undefined;
}

/**
 * Clouds and desktop hypervisors that run on KVM (or expose Hyper-V enlightenments) but have an id of their
 * own, which only their firmware strings carry. Bare-metal instances of the same clouds carry the same
 * strings, so each is checked for a hypervisor before it is called a VM.
 */
export function dmiOwnedKvm(g: Gathered): VmVerdict | undefined {
  const match = dmiVendorMatch(g);
  if (match === undefined || !['oracle', 'parallels', 'amazon', 'google'].includes(match.row.id)) return undefined;
  const dmi = cite('dmi', match.signal, `vm=${match.row.id}`);
  if (match.row.id === 'amazon') {
    // systemd detect_vm_smbios: Nitro VMs set the SMBIOS "virtual machine" bit, *.metal instances do not.
    const bit = g.dmi.vmBit;
    if (bit !== undefined) {
      return bit.value
        ? verdict('amazon', 'high', [dmi, cite('dmi', bit, 'vm=amazon')], 'nitro')
        : verdict('none', 'high', [cite('dmi', match.signal, 'cloud=aws'), cite('dmi', bit, 'vm=none (EC2 bare metal)')], 'metal');
    }
    // Without root the bit is unreadable; the instance type then tells ("i3.metal", "m7i.metal-24xl").
    const product = g.dmi.fields.product_name;
    if (product !== undefined && /\.metal($|-)/.test(product.value)) {
      return verdict('none', 'medium', [cite('dmi', product, 'vm=none (EC2 bare metal instance type)')], 'metal');
    }
    return verdict('amazon', 'medium', [dmi], 'nitro');
  }
  if (match.row.id === 'google') {
    // GCE bare metal shows the same DMI; only a VM has KVM's CPUID leaf (systemd PR #38125) or the hypervisor flag.
    const kvmLeaf = cpuidMatches(g).find((m) => m.id === 'kvm');
    if (kvmLeaf !== undefined) return verdict('google', 'high', [dmi, cite('cpuid', kvmLeaf.leaf, 'vm=google')]);
    if (g.cpuid.readable) return verdict('none', 'high', [cite('dmi', match.signal, 'cloud=gcp'), cite('cpuid', g.cpuid.hypervisorBit ?? match.signal, 'vm=none (no KVM leaf: GCE bare metal)')], 'metal');
    const flag = g.cpuinfo.flagsSignal;
    if (g.cpuinfo.read && flag !== undefined) {
      return g.cpuinfo.flags.has('hypervisor')
        ? verdict('google', 'medium', [dmi, cite('cpuinfo', flag, 'vm=google')])
        : verdict('none', 'medium', [cite('dmi', match.signal, 'cloud=gcp'), cite('cpuinfo', flag, 'vm=none (GCE bare metal)')], 'metal');
    }
    return verdict('google', 'medium', [dmi]);
  }
  return verdict(match.row.id, 'medium', [dmi]);
}

/**
 * The CPUID hypervisor leaves, the hypervisor's own word. KVM, Xen (Viridian) and QEMU can put a
 * "Microsoft Hv" leaf first for Windows guests and their own signature 0x100 higher, so a Hyper-V signature
 * counts only when no other known one follows; when it is alone, DMI or kvm-clock may still unmask KVM
 * (hv-passthrough), so the later rules get the word first.
 */
export function cpuidSignature(g: Gathered): VmVerdict | undefined {
  const matches = cpuidMatches(g);
  const own = matches.find((m) => m.id !== undefined && m.id !== 'microsoft');
  const hyperv = matches.find((m) => m.id === 'microsoft');
  if (own !== undefined) {
    const evidence = [cite('cpuid', own.leaf, `vm=${own.id}`)];
    if (hyperv !== undefined && hyperv.leaf.value.leaf < own.leaf.value.leaf) {
      evidence.unshift(cite('cpuid', hyperv.leaf, `Hyper-V enlightenments offered by ${own.id} (not Hyper-V)`));
    }
    return verdict(own.id as VmId, 'high', evidence, own.variant);
  }
  if (hyperv === undefined) return undefined;
  const dmi = dmiVendorMatch(g);
  if ((dmi !== undefined && dmi.row.id !== 'microsoft') || paravirtClocks(g).some((c) => c.id !== 'microsoft')) return undefined;
  return verdict('microsoft', 'high', [cite('cpuid', hyperv.leaf, 'vm=microsoft')]);
}

/**
 * Firmware strings of the remaining hypervisors. QEMU's firmware says QEMU (or Bochs, on old machine types)
 * with or without KVM; kvm-clock registers only when KVM's CPUID leaves are there, so it tells KVM from TCG
 * when CPUID itself cannot be read.
 */
export function dmiVendor(g: Gathered): VmVerdict | undefined {
  const match = dmiVendorMatch(g);
  if (match === undefined) return undefined;
  const kvmClock = paravirtClocks(g).find((c) => c.id === 'kvm');
  const available = g.clocksource.available;
  if ((match.row.id === 'qemu' || match.row.id === 'bochs') && kvmClock !== undefined && available !== undefined) {
    return verdict('kvm', 'medium', [cite('dmi', match.signal, 'vm=qemu or kvm'), cite('clocksource', available, 'vm=kvm (kvm-clock: KVM, not TCG)')]);
  }
  if (match.row.id === 'qemu' && g.cpuid.readable) {
    // CPUID was readable and showed no KVM leaf: QEMU is emulating (TCG).
    return verdict('qemu', 'high', [cite('dmi', match.signal, 'vm=qemu'), cite('cpuid', g.cpuid.hypervisorBit ?? match.signal, 'no KVM signature: TCG')]);
  }
  return verdict(match.row.id, 'medium', [cite('dmi', match.signal, `vm=${match.row.id}`)]);
}

/** A paravirtual clocksource names the hypervisor the kernel recognised (Firecracker and PVH have no DMI). */
export function paravirtClock(g: Gathered): VmVerdict | undefined {
  const clock = paravirtClocks(g)[0];
  const available = g.clocksource.available;
  if (clock === undefined || available === undefined) return undefined;
  return verdict(clock.id, 'medium', [cite('clocksource', available, `vm=${clock.id} (${clock.name})`)]);
}

/** Hyper-V's VMBus exists only under Hyper-V (drivers/hv/vmbus_drv.c). */
export function hypervBus(g: Gathered): VmVerdict | undefined {
  const device = g.buses.vmbus[0];
  if (device === undefined) return undefined;
  return verdict('microsoft', 'medium', [cite('buses', { path: device.path, raw: device.driver ?? '(no driver)', value: device }, 'vm=microsoft (VMBus)')]);
}

/**
 * A hypervisor is there but nothing names it: the CPU's hypervisor bit, an undocumented CPUID signature, or
 * virtio devices alone (ACRN, Apple VZ, bhyve and QEMU all offer virtio; calling them kvm is Facter's mistake).
 */
export function unnamedHypervisor(g: Gathered): VmVerdict | undefined {
  const evidence: EvidenceItem[] = [];
  for (const m of cpuidMatches(g)) if (m.id === undefined) evidence.push(cite('cpuid', m.leaf, 'vm=vm-other (unknown signature)'));
  if (g.cpuid.hypervisorBit?.value === true) evidence.push(cite('cpuid', g.cpuid.hypervisorBit, 'vm=vm-other (hypervisor bit)'));
  if (g.cpuinfo.flags.has('hypervisor') && g.cpuinfo.flagsSignal !== undefined) {
    evidence.push(cite('cpuinfo', g.cpuinfo.flagsSignal, 'vm=vm-other (hypervisor flag)'));
  }
  // Virtio devices also sit on bare metal (DPUs and SmartNICs emulate them: Alibaba's X-Dragon, BlueField), so
  // they count only where the CPU cannot say whether a hypervisor is there (no x86 flags line).
  const virtio = g.buses.virtio[0];
  if (virtio !== undefined && !g.cpuinfo.flags.has('fpu')) {
    evidence.push(cite('buses', { path: virtio.path, raw: virtio.type ?? '', value: virtio }, 'vm=vm-other (virtio device)'));
  }
  if (g.dmi.vmBit?.value === true) evidence.push(cite('dmi', g.dmi.vmBit, 'vm=vm-other (SMBIOS VM bit)'));
  return evidence.length > 0 ? verdict('vm-other', 'low', evidence) : undefined;
}

/**
 * The device tree names the hypervisor on arm64/ppc64/riscv guests (systemd detect_vm_device_tree, virt-what):
 * /hypervisor/compatible, PowerVM's partition properties (faked by QEMU pseries, which adds
 * qemu,graphic-width), QEMU's fw-cfg node, and the virt machine of kvmtool.
 */
export function deviceTree(g: Gathered): VmVerdict | undefined {
  const dt = g.deviceTree;
  if (!dt.present) return undefined;
  const hyp = dt.hypervisorCompatible;
  if (hyp !== undefined) {
    const values = hyp.value;
    const id: VmId = values.includes('linux,kvm') ? 'kvm' : values.some((v) => v.startsWith('xen')) ? 'xen' : values.some((v) => v.includes('vmware')) ? 'vmware' : 'vm-other';
    return verdict(id, 'high', [cite('deviceTree', hyp, `vm=${id}`)]);
  }
  if (dt.partitionName !== undefined && dt.hmcManaged !== undefined && dt.qemuGraphicWidth === undefined) {
    const shared = g.lparcfg.sharedProcessorMode;
    const evidence = [cite('deviceTree', dt.partitionName, 'vm=powervm'), cite('deviceTree', dt.hmcManaged, 'vm=powervm (HMC-managed partition)')];
    if (shared !== undefined) evidence.push(cite('lparcfg', shared, `layers: ${shared.value ? 'shared' : 'dedicated'}-processor LPAR`));
    return verdict('powervm', 'high', evidence, shared === undefined ? 'lpar' : shared.value ? 'lpar-shared' : 'lpar-dedicated');
  }
  if (dt.fwCfgNode !== undefined) return verdict('qemu', 'medium', [cite('deviceTree', dt.fwCfgNode, 'vm=qemu (QEMU fw-cfg node)')]);
  const compatible = dt.compatible;
  if (compatible?.value.includes('qemu,pseries')) return verdict('qemu', 'medium', [cite('deviceTree', compatible, 'vm=qemu (pseries machine)')]);
  // QEMU's virt machine has fw-cfg (above); the same compatible without it is kvmtool (virt-what "dummy-virt").
  if (compatible?.value.includes('linux,dummy-virt')) return verdict('kvm', 'medium', [cite('deviceTree', compatible, 'vm=kvm (kvmtool virt machine)')], 'kvmtool');
  return undefined;
}

/**
 * IBM Z names the layer below Linux in /proc/sysinfo: z/VM, KVM, or nothing but the LPAR, which systemd and
 * this tool report as no VM (PR/SM partitions the machine; it is not a guest hypervisor in systemd's sense).
 */
export function s390Sysinfo(g: Gathered): VmVerdict | undefined {
  const { controlProgram, lpar } = g.sysinfo;
  if (controlProgram !== undefined) {
    const id: VmId = controlProgram.value.startsWith('z/VM') ? 'zvm' : controlProgram.value.startsWith('KVM') ? 'kvm' : 'vm-other';
    return verdict(id, 'high', [cite('sysinfo', controlProgram, `vm=${id}`)]);
  }
  if (lpar !== undefined) return verdict('none', 'high', [cite('sysinfo', lpar, 'vm=none (LPAR under PR/SM, no guest hypervisor)')], 'lpar');
  return undefined;
}

/**
 * Refinements of a KVM-family verdict that firmware strings carry (virt-what's distinctions). Proxmox VE has
 * none: its VMs show QEMU's own SMBIOS unless the user sets it (fixture x86_64-proxmox-vm), as systemd and
 * virt-what also find.
 */
const KVM_VARIANTS: readonly (readonly [field: DmiField, test: RegExp, variant: string])[] = [
  ['sys_vendor', /^Nutanix$/, 'nutanix-ahv'], // virt-what fixture nutanix-ahv
  ['product_name', /^OpenStack/, 'openstack'], // "OpenStack Nova", "OpenStack Compute"
  ['sys_vendor', /^OpenStack Foundation$/, 'openstack'],
  ['sys_vendor', /^KubeVirt$/, 'kubevirt'], // KubeVirt sets SMBIOS manufacturer
  ['sys_vendor', /^oVirt$/, 'ovirt'], // Ansible linux.py
  ['product_name', /^RHEV Hypervisor$/, 'rhev'], // virt-what fixture rhev
];

export function kvmVariant(g: Gathered, verdictVariant: string | null): { variant: string | null; evidence: EvidenceItem[] } {
  if (verdictVariant !== null) return { variant: verdictVariant, evidence: [] };
  for (const [field, test, variant] of KVM_VARIANTS) {
    const signal = g.dmi.fields[field];
    if (signal !== undefined && test.test(signal.value)) return { variant, evidence: [cite('dmi', signal, `layers: ${variant}`)] };
  }
  return { variant: null, evidence: [] };
}

/**
 * Nothing virtual was found. That is only an answer if the sources that would have shown a hypervisor were
 * read: CPUID (decisive), or /proc/cpuinfo's flags on x86.
 */
export function bareMetal(g: Gathered): VmVerdict | undefined {
  if (g.cpuid.readable && g.cpuid.hypervisorBit !== undefined) {
    return verdict('none', 'high', [cite('cpuid', g.cpuid.hypervisorBit, 'vm=none (no hypervisor bit)')]);
  }
  if (g.cpuinfo.read && g.cpuinfo.flagsSignal !== undefined) {
    // x86 kernels always print the flags line; other architectures have no hypervisor flag to miss.
    const x86 = g.cpuinfo.flags.has('fpu');
    return verdict('none', x86 ? 'high' : 'medium', [cite('cpuinfo', g.cpuinfo.flagsSignal, 'vm=none (no hypervisor flag)')]);
  }
  return undefined;
}
