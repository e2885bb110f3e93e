/**
 * The Xen question in full: dom0 or domU, PV, HVM or PVH, and whether PV drivers carry the disks and NICs.
 * `guest_type` is the kernel's own answer (drivers/xen/sys-hypervisor.c); without it (kernels before the
 * attribute) the answer is inferred from the feature bits Xen grants each kind of domain
 * (xen/common/kernel.c XENVER_get_features), from firmware and from the platform PCI device.
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import type { Xen } from '../model/facts.generated.ts';
import { cite } from './cite.ts';
import type { CarriedDevice } from '../probes/storage-net.ts';
import { DRIVERS, XEN_PLATFORM_PCI, featureNames, hasFeature } from './tables.ts';

export interface XenDetails {
  readonly xen: Xen;
  readonly evidence: readonly EvidenceItem[];
}

const GUEST_TYPES: Readonly<Record<string, Xen['guest_type']>> = {
  PV: 'PV',
  HVM: 'HVM',
  PVH: 'PVH',
  // ARM has one kind of guest, hardware-virtualized with PV devices and no emulation: PVH in all but name
  // (xen.org "Xen ARM with Virtualization Extensions").
  Xen: 'PVH',
};

/** The Xen platform PCI device, which qemu-dm gives every HVM domain (drivers/xen/platform-pci.c). */
export function platformPci(g: Gathered) {
  return g.pci.find((d) => (XEN_PLATFORM_PCI as readonly string[]).includes(`${d.vendor}:${d.device}`));
}

function domainOf(g: Gathered, evidence: EvidenceItem[], hvmFirmware: boolean): Xen['domain'] {
  const caps = g.procXen.capabilities;
  const features = g.sysHypervisor.features;
  if (caps !== undefined && caps.value.split(',').includes('control_d')) {
    evidence.push(cite('procXen', caps, 'xen.domain=dom0'));
    return 'dom0';
  }
  if (features !== undefined && hasFeature(features.value, 'dom0')) {
    evidence.push(cite('sysHypervisor', features, 'xen.domain=dom0 (XENFEAT_dom0)'));
    return 'dom0';
  }
  if (features !== undefined) {
    evidence.push(cite('sysHypervisor', features, 'xen.domain=domU (no XENFEAT_dom0)'));
    return 'domU';
  }
  if (caps !== undefined) {
    evidence.push(cite('procXen', caps, 'xen.domain=domU (no control_d)'));
    return 'domU';
  }
  // The control domain is never an HVM guest with emulated firmware.
  if (hvmFirmware) return 'domU';
  // xen-blkfront's xvd* disks: the control domain's own disks are on its hardware, not on a back-end.
  const disk = frontDiskNodes(g)[0];
  if (disk !== undefined) {
    evidence.push(cite('deviceNodes', disk, 'xen.domain=domU (a xen-blkfront disk)'));
    return 'domU';
  }
  return 'unknown';
}

/** xen-blkfront names its disks xvd*: the nodes exist only where it created them. */
const frontDiskNodes = (g: Gathered) => g.deviceNodes.names.filter((n) => /^xvd[a-z]+$/.test(n.value));

function guestTypeOf(g: Gathered, evidence: EvidenceItem[], hvmFirmware: boolean, domain: Xen['domain']): Xen['guest_type'] {
  const file = g.sysHypervisor.guestType;
  if (file !== undefined) {
    const type = GUEST_TYPES[file.value] ?? 'unknown';
    evidence.push(cite('sysHypervisor', file, `xen.guest_type=${type}`));
    return type;
  }
  const features = g.sysHypervisor.features;
  if (features !== undefined && hasFeature(features.value, 'mmu_pt_update_preserve_ad')) {
    // Xen grants mmu_pt_update_preserve_ad to PV domains only (lscpu XEN_FEATURES_PV_MASK).
    evidence.push(cite('sysHypervisor', features, 'xen.guest_type=PV (XENFEAT_mmu_pt_update_preserve_ad)'));
    return 'PV';
  }
  if (hvmFirmware) return 'HVM';
  if (features !== undefined && hasFeature(features.value, 'hvm_callback_vector')) {
    // An HVM container without firmware or device model is PVH: lscpu's mask (supervisor_mode_kernel +
    // hvm_callback_vector), or no emulated PIRQs, which every HVM domain with a device model has.
    const pvh = hasFeature(features.value, 'supervisor_mode_kernel') || !hasFeature(features.value, 'hvm_pirqs');
    evidence.push(cite('sysHypervisor', features, `xen.guest_type=${pvh ? 'PVH' : 'HVM'} (hvm_callback_vector, ${pvh ? 'no device model' : 'emulated PIRQs'})`));
    return pvh ? 'PVH' : 'HVM';
  }
  const bus = g.buses.xenBus;
  if (bus !== undefined && g.procXen.present === undefined && g.sysHypervisor.type === undefined) {
    // A kernel built for Xen has /proc/xen and /sys/hypervisor; a xenbus without either comes from a PV-on-HVM
    // driver kit loaded into a native kernel (RHEL 5's kmod-xenpv, SUSE's xen-kmp): an HVM domain (virt-what).
    evidence.push(cite('buses', bus, 'xen.guest_type=HVM (xenbus of PV-on-HVM drivers in a native kernel)'));
    return 'HVM';
  }
  if (domain === 'dom0') {
    // Linux gained PVH dom0 support after the guest_type attribute, and xenified kernels (RHEL 5, SLES 11) run
    // dom0 only as PV: a control domain without the attribute is PV.
    evidence.push(cite('procXen', g.procXen.capabilities ?? (g.procXen.present as Signal<unknown>), 'xen.guest_type=PV (a control domain without guest_type)'));
    return 'PV';
  }
  if (g.procXen.present !== undefined && !g.dmi.present && g.pci.length === 0) {
    // No firmware and no PCI bus: before PVH existed this was the only such domain (virt-what's xen-domU path).
    evidence.push(cite('procXen', g.procXen.present, 'xen.guest_type=PV (no firmware, no PCI)'));
    return 'PV';
  }
  return 'unknown';
}

export function xenDetails(g: Gathered): XenDetails {
  const evidence: EvidenceItem[] = [];
  const product = g.dmi.fields.product_name;
  const platform = platformPci(g);
  const platformModule = g.modules.loaded?.value.has('xen_platform_pci') === true ? g.modules.loaded : undefined;
  const hvmFirmware = product?.value === 'HVM domU' || platform !== undefined || platformModule !== undefined;
  if (platformModule !== undefined) evidence.push(cite('modules', { path: platformModule.path, raw: 'xen_platform_pci', value: true }, 'xen.guest_type=HVM (platform device driver loaded)'));
  if (product?.value === 'HVM domU') evidence.push(cite('dmi', product, 'xen.guest_type=HVM (emulated firmware)'));
  if (platform !== undefined) {
    const raw = `${platform.vendor}:${platform.device} ${platform.driver ?? '(no driver)'}`;
    evidence.push(cite('pci', { path: platform.path, raw, value: platform }, `xen.platform_pci=${platform.driver ? 'bound' : 'unbound'}`));
  }
  const control = domainOf(g, evidence, hvmFirmware);
  const guestType = guestTypeOf(g, evidence, hvmFirmware, control);
  // The control domain is never an HVM guest.
  const domain = control === 'unknown' && guestType === 'HVM' ? 'domU' : control;
  const isFront = (d: CarriedDevice) => d.driver !== undefined && DRIVERS[d.driver]?.module.startsWith('xen_') === true;
  const frontDevices = [...g.block.filter(isFront).map((d) => ['block', d] as const), ...g.net.filter(isFront).map((d) => ['net', d] as const)];
  for (const [probe, d] of frontDevices) {
    evidence.push(cite(probe, { path: d.path, raw: `${d.name} ${d.driver}`, value: d }, `xen.pv_drivers=true (${DRIVERS[d.driver as string]?.module})`));
  }
  // Captures without sysfs still show xen-blkfront's disks as device nodes.
  const frontNodes = frontDevices.length > 0 ? [] : frontDiskNodes(g);
  for (const node of frontNodes.slice(0, 4)) evidence.push(cite('deviceNodes', node, 'xen.pv_drivers=true (xen_blkfront disk)'));
  return {
    xen: {
      domain,
      guest_type: guestType,
      pv_drivers: frontDevices.length > 0 || frontNodes.length > 0,
      // Without a readable PCI bus, the loaded platform driver shows the device is there and bound.
      platform_pci: platform === undefined ? (platformModule !== undefined && g.pci.length === 0 ? 'bound' : 'absent') : platform.driver !== undefined ? 'bound' : 'unbound',
      features: g.sysHypervisor.features === undefined ? [] : featureNames(g.sysHypervisor.features.value),
    },
    evidence,
  };
}
