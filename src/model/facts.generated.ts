/* GENERATED from schema/virt-facts.schema.json by `node build.mjs types`. DO NOT EDIT. */

export type VmId =
  | 'none'
  | 'kvm'
  | 'qemu'
  | 'amazon'
  | 'google'
  | 'zvm'
  | 'vmware'
  | 'microsoft'
  | 'oracle'
  | 'powervm'
  | 'xen'
  | 'bochs'
  | 'uml'
  | 'parallels'
  | 'bhyve'
  | 'qnx'
  | 'acrn'
  | 'apple'
  | 'sre'
  | 'vm-other'
  | 'unknown';
/**
 * A confidential guest, whose memory is encrypted from the host (systemd-detect-virt --cvm); null when this is not one (a host that merely supports SEV or TDX is null).
 */
export type Confidential = {
  /**
   * systemd-detect-virt --cvm's vocabulary: AMD SEV, SEV-ES, SEV-SNP, Intel TDX, IBM Z Secure Execution (protvirt), Arm CCA.
   */
  technology: 'sev' | 'sev-es' | 'sev-snp' | 'tdx' | 'protvirt' | 'cca';
  /**
   * How it was seen: cpuid (the TDX leaf, AMD's memory-encryption leaf), msr (SEV_STATUS), paravisor (Hyper-V's isolation leaves: Azure and Hyper-V isolated VMs, where the paravisor drives the encryption and attestation goes through its virtual TPM), cpuinfo (the kernel's flags), ultravisor (/sys/firmware/uv), realm (Arm's realm device), and the attestation interfaces sev-guest (/dev/sev-guest), tdx-guest (/dev/tdx_guest), tsm-report (configfs-tsm).
   */
  sources: (
    'cpuid' | 'msr' | 'paravisor' | 'cpuinfo' | 'ultravisor' | 'realm' | 'sev-guest' | 'tdx-guest' | 'tsm-report'
  )[];
} | null;

/**
 * What kind of machine this is, virtually speaking, and what a playbook should do about it. Every key is always present; not applicable is null, not known is "unknown".
 */
export interface VirtFacts {
  /**
   * Version of this contract.
   */
  schema_version: 1;
  /**
   * Some virtualization layer (VM or container) is present.
   */
  virtual: boolean;
  /**
   * guest: inside a VM or container. host: hosting guests (Xen dom0, OpenVZ hardware node, VServer host, KVM/VirtualBox with guests running). none: nothing virtual and hosting nothing.
   */
  role: 'guest' | 'host' | 'none' | 'unknown';
  /**
   * The innermost VM layer, in systemd-detect-virt's vocabulary.
   */
  vm:
    | 'none'
    | 'kvm'
    | 'qemu'
    | 'amazon'
    | 'google'
    | 'zvm'
    | 'vmware'
    | 'microsoft'
    | 'oracle'
    | 'powervm'
    | 'xen'
    | 'bochs'
    | 'uml'
    | 'parallels'
    | 'bhyve'
    | 'qnx'
    | 'acrn'
    | 'apple'
    | 'sre'
    | 'vm-other'
    | 'unknown';
  /**
   * The container layer, in systemd-detect-virt's vocabulary.
   */
  container:
    | 'none'
    | 'openvz'
    | 'lxc'
    | 'lxc-libvirt'
    | 'systemd-nspawn'
    | 'docker'
    | 'podman'
    | 'rkt'
    | 'wsl'
    | 'proot'
    | 'pouch'
    | 'linux-vserver'
    | 'container-other'
    | 'unknown';
  /**
   * How the kernel runs on the VM layer.
   */
  mode: 'native' | 'hvm' | 'pv' | 'pvh' | 'unknown';
  /**
   * The whole stack, outermost first.
   */
  layers: Layer[];
  /**
   * The VM layer in detail, or null without one.
   */
  hypervisor: null | Hypervisor;
  /**
   * Xen only, else null.
   */
  xen: null | Xen;
  paravirt: Paravirt;
  /**
   * Cloud provider from local evidence only, or null.
   */
  cloud: null | Cloud;
  confidential: Confidential;
  host: Host;
  tuning: Tuning;
  ansible: Ansible;
  /**
   * high: a decisive source; low: only weak hints.
   */
  confidence: 'high' | 'medium' | 'low';
  evidence: EvidenceEntry[];
  warnings: string[];
  errors: FactError[];
  generator: {
    name: 'virt-facts';
    version: string;
  };
}
export interface Layer {
  kind: 'vm' | 'container';
  id: string;
  /**
   * VM layers: how the kernel above runs on it; containers: null.
   */
  mode: 'native' | 'hvm' | 'pv' | 'pvh' | 'unknown' | null;
  /**
   * A refinement of the id (e.g. dom0, domU, kubernetes, nitro, metal), or null.
   */
  variant: string | null;
}
export interface Hypervisor {
  id: VmId;
  vendor: string;
  /**
   * CPUID 0x40000000 signature as read, or null when CPUID was not readable.
   */
  signature: string | null;
  version: string | null;
}
export interface Xen {
  domain: 'dom0' | 'domU' | 'unknown';
  guest_type: 'PV' | 'HVM' | 'PVH' | 'unknown';
  /**
   * Xen PV front-end drivers (xen-blkfront, xen-netfront) carry a disk or NIC.
   */
  pv_drivers: boolean;
  /**
   * The Xen platform PCI device 5853:0001/0002: bound to xen-platform-pci, present without a driver, or absent.
   */
  platform_pci: 'bound' | 'unbound' | 'absent';
  /**
   * XENFEAT names set in /sys/hypervisor/properties/features.
   */
  features: string[];
}
export interface Paravirt {
  block: BlockDevice[];
  net: NetDevice[];
  clocksource: {
    current: string | null;
    available: string[];
    paravirtual: boolean;
  };
  /**
   * The memory balloon driver bound, or null.
   */
  balloon: string | null;
  /**
   * Drivers of the other paravirtual devices bound (virtio console, rng and vsock, Hyper-V utilities, VMware VMCI, Xen keyboard and framebuffer, ...).
   */
  other: string[];
  /**
   * Drivers of emulated devices that carry a disk or NIC.
   */
  emulated: string[];
  /**
   * Every disk and NIC is on a paravirtual (or passed-through) driver and none on an emulated one.
   */
  complete: boolean;
}
export interface BlockDevice {
  device: string;
  driver: string | null;
  paravirtual: boolean;
}
export interface NetDevice {
  interface: string;
  driver: string | null;
  paravirtual: boolean;
}
export interface Cloud {
  provider: string;
  /**
   * e.g. xen, nitro, metal, vm
   */
  platform: string | null;
}
export interface Host {
  /**
   * /dev/kvm exists.
   */
  kvm_device: boolean;
  /**
   * A guest that can itself host VMs (/dev/kvm or vmx/svm inside a VM).
   */
  nested: boolean;
  xen_dom0: boolean;
}
export interface Tuning {
  tuned_profile: 'virtual-guest' | 'virtual-host' | 'throughput-performance' | null;
  io_scheduler: 'none' | 'mq-deadline' | null;
  install_pv_drivers: boolean;
  guest_agent:
    'qemu-guest-agent' | 'open-vm-tools' | 'hyperv-daemons' | 'xe-guest-utilities' | 'virtualbox-guest-utils' | null;
}
export interface Ansible {
  virtualization_type: string;
  virtualization_role: 'guest' | 'host' | 'NA';
  virtualization_tech_guest: string[];
  virtualization_tech_host: string[];
}
export interface EvidenceEntry {
  probe: string;
  path: string;
  value: string;
  supports: string;
}
export interface FactError {
  probe: string;
  path: string;
  code: string;
}
