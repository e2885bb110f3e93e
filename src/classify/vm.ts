/**
 * The VM-layer rules. Each reads the evidence it owns and returns a verdict or nothing; the order in which
 * they are asked is decided in precedence.ts, not here.
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import type { VmId } from '../model/ids.ts';
import type { DmiField } from '../probes/dmi.ts';
import type { HypervisorLeaf } from '../probes/cpuid.ts';
import type { Architecture } from './arch.ts';
import { cite } from './cite.ts';
import { vendorMarkers, weakMarkers, type Marker } from './markers.ts';
import { CPUID_SIGNATURES, DMI_FIELD_ORDER, DMI_SYSTEMD_FIELDS, DMI_VENDORS, PARAVIRT_CLOCKSOURCES, type DmiVendorRow } from './tables.ts';
import type { VmVerdict } from './verdict.ts';

export interface DmiMatch {
  readonly row: DmiVendorRow;
  readonly field: DmiField;
  readonly signal: Signal;
}

function rowMatches(row: DmiVendorRow, field: DmiField, value: string, g: Gathered): boolean {
  if (!(row.fields ?? DMI_SYSTEMD_FIELDS).includes(field)) return false;
  if (row.with !== undefined && g.dmi.fields[row.with[0]]?.value !== row.with[1]) return false;
  return row.how === 'exact' ? value === row.match : row.how === 'prefix' ? value.startsWith(row.match) : value.includes(row.match);
}

/** The first DMI string that names a hypervisor, field by field in DMI_FIELD_ORDER, or undefined (bare metal, no SMBIOS). */
export function dmiVendorMatch(g: Gathered): DmiMatch | undefined {
  for (const field of DMI_FIELD_ORDER) {
    const signal = g.dmi.fields[field];
    if (signal === undefined) continue;
    const row = DMI_VENDORS.find((r) => rowMatches(r, field, signal.value, g));
    if (row !== undefined) return { row, field, signal };
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

const verdict = (id: VmId, confidence: VmVerdict['confidence'], evidence: EvidenceItem[], variant: string | null = null, warnings?: string[]): VmVerdict => ({
  id,
  confidence,
  variant,
  evidence,
  ...(warnings === undefined ? {} : { warnings }),
});

/** User-Mode Linux: the kernel runs as a process, and says so as its CPU (arch/um/kernel/um_arch.c; Ansible, virt-what). */
export function userModeLinux(g: Gathered): VmVerdict | undefined {
  const vendor = g.cpuinfo.vendorId;
  if (vendor?.value === 'User Mode Linux') return verdict('uml', 'high', [cite('cpuinfo', vendor, 'vm=uml')]);
  const model = g.cpuinfo.modelName;
  return model?.value === 'UML' ? verdict('uml', 'medium', [cite('cpuinfo', model, 'vm=uml')]) : undefined;
}

/**
 * PowerVM Lx86 runs x86 Linux programs on a POWER partition and shows them an x86 /proc/cpuinfo of its own
 * (virt-what powervm_lx86): the x86 flags there describe the translator, not a CPU.
 */
export function powervmLx86(g: Gathered): VmVerdict | undefined {
  const vendor = g.cpuinfo.vendorId;
  if (vendor?.value !== 'PowerVM Lx86') return undefined;
  return verdict('powervm', 'low', [cite('cpuinfo', vendor, 'vm=powervm (x86 programs translated on a POWER partition)')], 'lx86');
}

/**
 * The kernel's own Xen interfaces: /sys/hypervisor/type, guest_type, /proc/xen (dom0 and domU alike), and the
 * xenbus, which the kernel registers only on Xen.
 */
export function xenDomain(g: Gathered): VmVerdict | undefined {
  const evidence: EvidenceItem[] = [];
  const { type, guestType } = g.sysHypervisor;
  if (type?.value === 'xen') evidence.push(cite('sysHypervisor', type, 'vm=xen'));
  if (guestType !== undefined) evidence.push(cite('sysHypervisor', guestType, 'vm=xen'));
  if (g.procXen.present !== undefined) evidence.push(cite('procXen', g.procXen.present, 'vm=xen'));
  if (g.buses.xenBus !== undefined) evidence.push(cite('buses', g.buses.xenBus, 'vm=xen (xenbus registered)'));
  return evidence.length > 0 ? verdict('xen', 'high', evidence) : undefined;
}

/** What the CPU says about a hypervisor: the CPUID bit when readable, else the x86 kernel's flag; undefined elsewhere. */
function cpuSays(g: Gathered, arch: Architecture): { present: boolean; cite: (conclusion: string) => EvidenceItem } | undefined {
  const bit = g.cpuid.hypervisorBit;
  if (bit !== undefined) return { present: bit.value, cite: (conclusion) => cite('cpuid', bit, `${conclusion} (${bit.value ? 'hypervisor bit' : 'no hypervisor bit'})`) };
  const flags = g.cpuinfo.flagsSignal;
  if (arch.arch !== 'x86' || flags === undefined) return undefined;
  const present = g.cpuinfo.flags.has('hypervisor');
  return { present, cite: (conclusion) => cite('cpuinfo', flags, `${conclusion} (${present ? 'hypervisor flag' : 'no hypervisor flag'})`) };
}

/**
 * Clouds whose firmware strings are the same on their VMs and their bare-metal machines (EC2 *.metal, GCE
 * metal, Alibaba EBM): a VM only where the CPU or the firmware says so. On x86 the hypervisor bit decides
 * (systemd PR #38125 for GCE); elsewhere EC2 has the SMBIOS VM bit and its instance names, the others nothing
 * local, so they are taken as the VMs nearly all of them are (systemd PR #38562 keeps GCE's DMI answer off x86).
 */
function cloudInstance(g: Gathered, arch: Architecture, match: DmiMatch): VmVerdict {
  const id = match.row.id;
  const dmi = cite('dmi', match.signal, `vm=${id}`);
  const metal = (confidence: VmVerdict['confidence'], because: EvidenceItem) =>
    verdict('none', confidence, [cite('dmi', match.signal, "vm=none or a VM (the cloud's bare metal has the same firmware)"), because], 'metal');
  const cpu = cpuSays(g, arch);
  if (id === 'amazon') {
    // systemd detect_vm_smbios: Nitro VMs set the SMBIOS "virtual machine" bit, *.metal instances do not.
    const bit = g.dmi.vmBit;
    if (bit !== undefined) return bit.value ? verdict('amazon', 'high', [dmi, cite('dmi', bit, 'vm=amazon')], 'nitro') : metal('high', cite('dmi', bit, 'vm=none (EC2 bare metal)'));
    // Without root the bit is unreadable; the instance type then tells ("i3.metal", "m7i.metal-24xl").
    const product = g.dmi.fields.product_name;
    if (product !== undefined && /\.metal($|-)/.test(product.value)) return metal('medium', cite('dmi', product, 'vm=none (EC2 bare metal instance type)'));
  }
  const variant = id === 'amazon' ? 'nitro' : null;
  if (cpu !== undefined) {
    const high = g.cpuid.hypervisorBit !== undefined;
    return cpu.present ? verdict(id, high ? 'high' : 'medium', [dmi, cpu.cite(`vm=${id}`)], variant) : metal(high ? 'high' : 'medium', cpu.cite('vm=none'));
  }
  return verdict(id, 'medium', [dmi], variant);
}

/**
 * Firmware strings that systemd trusts before CPUID: VirtualBox and Parallels run on KVM or expose KVM/Hyper-V
 * leaves yet have ids of their own, and cloud VMs must be told from the same cloud's bare metal.
 */
export function dmiOwnedKvm(g: Gathered, arch: Architecture): VmVerdict | undefined {
  const match = dmiVendorMatch(g);
  if (match === undefined) return undefined;
  if (match.row.metalTwin) return cloudInstance(g, arch, match);
  if (match.row.id !== 'oracle' && match.row.id !== 'parallels') return undefined;
  return verdict(match.row.id, 'medium', [cite('dmi', match.signal, `vm=${match.row.id}`)]);
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
 * QEMU is the device model of KVM and of its own emulation alike: kvm-clock registers only when KVM's CPUID
 * leaves are there, so it tells KVM from TCG when CPUID itself cannot be read.
 */
function kvmClock(g: Gathered): EvidenceItem | undefined {
  const available = g.clocksource.available;
  return available !== undefined && paravirtClocks(g).some((c) => c.id === 'kvm') ? cite('clocksource', available, 'vm=kvm (kvm-clock: KVM, not TCG)') : undefined;
}

/** Firmware strings of the remaining hypervisors (Bochs, QEMU TCG and VMware among them have no other word). */
export function dmiVendor(g: Gathered): VmVerdict | undefined {
  const match = dmiVendorMatch(g);
  if (match === undefined) return undefined;
  const { id, variant = null } = match.row;
  const clock = kvmClock(g);
  if ((id === 'qemu' || id === 'bochs') && clock !== undefined) return verdict('kvm', 'medium', [cite('dmi', match.signal, 'vm=qemu or kvm'), clock], variant);
  if (id === 'qemu' && g.cpuid.readable) {
    // CPUID was readable and showed no KVM leaf (cpuidSignature would have spoken): QEMU is emulating (TCG).
    return verdict('qemu', 'high', [cite('dmi', match.signal, 'vm=qemu'), cite('cpuid', g.cpuid.hypervisorBit ?? match.signal, 'no KVM signature: TCG')], variant ?? 'tcg');
  }
  return verdict(id, 'medium', [cite('dmi', match.signal, `vm=${id}`)], variant);
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
    const evidence = [cite('deviceTree', dt.partitionName, 'vm=powervm'), cite('deviceTree', dt.hmcManaged, 'vm=powervm (HMC-managed partition)')];
    return powervm(g, 'high', evidence);
  }
  if (dt.fwCfgNode !== undefined) return verdict('qemu', 'medium', [cite('deviceTree', dt.fwCfgNode, 'vm=qemu (QEMU fw-cfg node)')]);
  const compatible = dt.compatible;
  if (compatible?.value.includes('qemu,pseries')) return verdict('qemu', 'medium', [cite('deviceTree', compatible, 'vm=qemu (pseries machine)')]);
  // QEMU's virt machine has fw-cfg (above); the same compatible without it is kvmtool (virt-what "dummy-virt").
  if (compatible?.value.includes('linux,dummy-virt')) return verdict('kvm', 'medium', [cite('deviceTree', compatible, 'vm=kvm (kvmtool virt machine)')], 'kvmtool');
  return undefined;
}

/** A PowerVM partition, with its processor mode when lparcfg shows it (virt-what ibm_power-lpar_shared/_dedicated). */
function powervm(g: Gathered, confidence: VmVerdict['confidence'], evidence: EvidenceItem[]): VmVerdict {
  const shared = g.lparcfg.sharedProcessorMode;
  if (shared !== undefined) evidence.push(cite('lparcfg', shared, `layers: ${shared.value ? 'shared' : 'dedicated'}-processor LPAR`));
  return verdict('powervm', confidence, evidence, shared === undefined ? 'lpar' : shared.value ? 'lpar-shared' : 'lpar-dedicated');
}

/**
 * POWER names its platform in /proc/cpuinfo (ppc_md.name): pSeries runs on a PAPR hypervisor, which is PowerVM
 * unless QEMU emulates the machine (model "IBM pSeries (emulated by qemu)", with KVM or TCG below: virt-what
 * ibm_power-kvm); PowerNV runs on the OPAL firmware, on the metal; PS3 on the console's own hypervisor.
 */
export function powerPlatform(g: Gathered): VmVerdict | undefined {
  const { platform, model } = g.cpuinfo;
  if (platform === undefined) return undefined;
  if (/qemu/i.test(model?.value ?? '') || /qemu/i.test(platform.value)) {
    return verdict('kvm', 'low', [cite('cpuinfo', model ?? platform, 'vm=kvm (machine emulated by QEMU: KVM or TCG)')]);
  }
  if (platform.value === 'pSeries') return powervm(g, g.lparcfg.sharedProcessorMode === undefined ? 'medium' : 'high', [cite('cpuinfo', platform, 'vm=powervm (PAPR partition)')]);
  if (platform.value === 'PowerNV') return verdict('none', 'high', [cite('cpuinfo', platform, 'vm=none (OPAL firmware, no hypervisor below)')], 'powernv');
  if (platform.value === 'PS3') return verdict('vm-other', 'medium', [cite('cpuinfo', platform, 'vm=vm-other (PS3 hypervisor)')], 'ps3');
  return undefined;
}

/**
 * SPARC sun4v machines run every domain on the hypervisor in their firmware (Oracle VM Server for SPARC, LDoms):
 * the machine description device /dev/mdesc and the sun4v machine type exist only there (virt-what ldoms).
 */
export function sparcHypervisor(g: Gathered): VmVerdict | undefined {
  const mdesc = g.deviceNodes.names.find((n) => n.value === 'mdesc');
  const type = g.cpuinfo.machineType?.value === 'sun4v' ? g.cpuinfo.machineType : undefined;
  if (mdesc === undefined && type === undefined) return undefined;
  const evidence: EvidenceItem[] = [];
  if (type !== undefined) evidence.push(cite('cpuinfo', type, 'vm=vm-other (sun4v hypervisor)'));
  if (mdesc !== undefined) evidence.push(cite('deviceNodes', mdesc, 'vm=vm-other (sun4v machine description)'));
  const control = g.ldoms.controlDomain;
  if (control !== undefined) evidence.push(cite('ldoms', control, control.value ? 'role=host (LDoms control domain)' : 'a guest domain'));
  return verdict('vm-other', control === undefined ? 'medium' : 'high', evidence, control?.value ? 'ldoms-control' : 'ldoms');
}

/** A /proc/sysinfo control program as an id: "z/VM    7.3.0" is z/VM, "KVM/Linux" KVM (systemd detect_vm_zvm). */
export const controlProgramId = (program: string): VmId => (program.startsWith('z/VM') ? 'zvm' : program.startsWith('KVM') ? 'kvm' : 'vm-other');

/**
 * IBM Z names the layer below Linux in /proc/sysinfo: z/VM, KVM, or nothing but the LPAR, which systemd and
 * this tool report as no VM (PR/SM partitions the machine; it is not a guest hypervisor in systemd's sense).
 */
export function s390Sysinfo(g: Gathered): VmVerdict | undefined {
  const { controlProgram, lpar } = g.sysinfo;
  if (controlProgram !== undefined) {
    const id = controlProgramId(controlProgram.value);
    return verdict(id, 'high', [cite('sysinfo', controlProgram, `vm=${id}`)]);
  }
  if (lpar !== undefined) return verdict('none', 'high', [cite('sysinfo', lpar, 'vm=none (LPAR under PR/SM, no guest hypervisor)')], 'lpar');
  return undefined;
}

/**
 * Vendor-specific markers (markers.ts): PCI ids, guest drivers, device nodes, KVP pools, QEMU's CPU models. They
 * name the layer where no decisive source has: medium with one that cannot appear elsewhere, low with hints
 * only or when they disagree. QEMU's devices are also Xen HVM's device model, so they name QEMU/KVM only when
 * nothing names another hypervisor. They outweigh a CPU that reports no hypervisor (kernels before 2.6.28 do
 * not print the flag; VirtualBox's "none" paravirtualization clears the bit) and say so in `warnings`.
 */
export function vendorMarkerRule(g: Gathered, arch: Architecture): VmVerdict | undefined {
  // QEMU's markers and KVM's CPU models name one family: QEMU, accelerated by KVM or not.
  const family = (m: Marker): VmId => (m.id === 'kvm' ? 'qemu' : m.id);
  const all = vendorMarkers(g);
  const others = all.filter((m) => family(m) !== 'qemu');
  const markers = others.length > 0 ? others : all;
  if (markers.length === 0) return undefined;
  // The hypervisor most kinds of evidence name wins; the order the classes are gathered in breaks a tie.
  const kinds = new Map<VmId, Set<string>>();
  for (const m of markers) (kinds.get(family(m)) ?? kinds.set(family(m), new Set()).get(family(m)))?.add(m.kind);
  const ranked = [...kinds.entries()].sort((a, b) => b[1].size - a[1].size).map(([id]) => id);
  const named = ranked[0] as VmId;
  const chosen = markers.filter((m) => family(m) === named);
  const evidence = chosen.map((m) => m.evidence);
  const warnings: string[] = [];
  if (ranked.length > 1) warnings.push(`markers of more than one hypervisor: ${ranked.join(', ')}; ${named} has the most kinds of evidence`);
  const clock = named === 'qemu' ? kvmClock(g) : undefined;
  if (clock !== undefined) evidence.push(clock);
  const id = named === 'qemu' && (clock !== undefined || chosen.some((m) => m.id === 'kvm')) ? 'kvm' : named;
  const cpu = cpuSays(g, arch);
  if (cpu !== undefined && !cpu.present) {
    evidence.push(cpu.cite(`vm=${id} overrules`));
    const labels = chosen.map((m) => m.label);
    warnings.push(`the CPU reports no hypervisor, but ${labels.join(', ')} ${labels.length === 1 ? 'is' : 'are'} seen only under ${named === id ? id : `${named}/${id}`}: an old kernel that does not show the flag, or a hypervisor that hides it`);
  }
  const confidence = ranked.length === 1 && chosen.some((m) => m.strength === 'specific') ? 'medium' : 'low';
  return verdict(id, confidence, evidence, null, warnings.length > 0 ? warnings : undefined);
}

/**
 * A hypervisor is there but nothing names it: the CPU's hypervisor bit, an undocumented CPUID signature, or the
 * SMBIOS "virtual machine" bit.
 */
export function unnamedHypervisor(g: Gathered, arch: Architecture): VmVerdict | undefined {
  const evidence: EvidenceItem[] = [];
  for (const m of cpuidMatches(g)) if (m.id === undefined) evidence.push(cite('cpuid', m.leaf, 'vm=vm-other (unknown signature)'));
  const cpu = cpuSays(g, arch);
  if (cpu?.present) evidence.push(cpu.cite('vm=vm-other'));
  if (g.dmi.vmBit?.value === true) evidence.push(cite('dmi', g.dmi.vmBit, 'vm=vm-other (SMBIOS VM bit)'));
  return evidence.length > 0 ? verdict('vm-other', 'low', evidence) : undefined;
}

/**
 * Refinements of a KVM-family verdict that firmware strings carry (virt-what's distinctions). Proxmox VE has
 * none: its VMs show QEMU's own SMBIOS unless the user sets it (fixture x86_64-proxmox-vm), as systemd and
 * virt-what also find.
 */
const KVM_VARIANTS: readonly (readonly [field: DmiField, test: RegExp, variant: string])[] = [
  ['sys_vendor', /^Nutanix$/, 'nutanix-ahv'], // virt-what fixture nutanix-ahv
  ['product_name', /^AHV$/, 'nutanix-ahv'], // Ansible linux.py
  ['product_name', /^OpenStack/, 'openstack'], // "OpenStack Nova", "OpenStack Compute"
  ['sys_vendor', /^OpenStack Foundation$/, 'openstack'],
  ['sys_vendor', /^KubeVirt$/, 'kubevirt'], // KubeVirt sets SMBIOS manufacturer
  ['sys_vendor', /^oVirt$/, 'ovirt'], // Ansible linux.py
  ['product_name', /^oVirt Node$/, 'ovirt'], // Facter
  ['product_family', /^RHV$/, 'rhv'], // Ansible linux.py (with sys_vendor "Red Hat")
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

/** Root compatibles of machines that exist only virtually: QEMU's and kvmtool's virt machines, QEMU's other boards, Xen's. */
const VIRTUAL_MACHINE_COMPATIBLE = /^(linux,dummy-virt|riscv-virtio|qemu,|xen,)/;

/**
 * Nothing virtual was found. That is an answer only with positive evidence of absence, judged for the
 * architecture: on x86 the CPUID bit, or the kernel's hypervisor flag; on POWER the platform (powerPlatform);
 * on SPARC the sun4u machine type; anywhere, firmware that names a real machine: SMBIOS strings without any
 * hypervisor's vocabulary (a VM's firmware names its hypervisor), or a device tree of a physical board.
 */
export function bareMetal(g: Gathered, arch: Architecture): VmVerdict | undefined {
  const cpu = cpuSays(g, arch);
  if (cpu !== undefined && !cpu.present) return verdict('none', 'high', [cpu.cite('vm=none')]);
  const type = g.cpuinfo.machineType;
  if (type?.value === 'sun4u') return verdict('none', 'medium', [cite('cpuinfo', type, 'vm=none (sun4u: no hypervisor)')]);
  const platform = g.cpuinfo.platform;
  if (platform !== undefined) return verdict('none', 'medium', [cite('cpuinfo', platform, 'vm=none (a platform that runs on its hardware)')]);
  if (g.dmi.present && g.dmi.vmBit?.value !== true) {
    const named = g.dmi.fields.sys_vendor ?? g.dmi.fields.product_name ?? g.dmi.fields.board_vendor ?? Object.values(g.dmi.fields)[0];
    const evidence = named === undefined ? [] : [cite('dmi', named, 'vm=none (firmware of a physical machine)')];
    if (g.dmi.vmBit !== undefined) evidence.push(cite('dmi', g.dmi.vmBit, 'vm=none (SMBIOS VM bit clear)'));
    return verdict('none', 'medium', evidence);
  }
  const compatible = g.deviceTree.compatible;
  if (arch.deviceTree && g.deviceTree.hypervisorCompatible === undefined && compatible !== undefined && !compatible.value.some((c) => VIRTUAL_MACHINE_COMPATIBLE.test(c))) {
    return verdict('none', 'medium', [cite('deviceTree', compatible, 'vm=none (device tree of a physical board)')]);
  }
  return undefined;
}

/**
 * Last: virtio alone, where nothing above showed the machine to be physical. Every KVM-family hypervisor offers
 * virtio (calling them all kvm is Facter's mistake), and so do DPUs on bare metal, hence after bareMetal.
 */
export function virtioOnly(g: Gathered): VmVerdict | undefined {
  const evidence = weakMarkers(g);
  return evidence.length > 0 ? verdict('vm-other', 'low', evidence) : undefined;
}
