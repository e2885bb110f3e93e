/**
 * Ansible's own vocabulary (module_utils/facts/virtual/linux.py), computed from our evidence: what Ansible
 * says where it is right, and the right answer where it is not (each difference is listed in the README).
 */
import type { Ansible, VirtFacts } from '../model/facts.generated.ts';
import type { ContainerId, VmId } from '../model/ids.ts';

/** Ansible's names for VM layers; ids not listed keep their systemd name. */
const ANSIBLE_VM_NAMES: Partial<Record<VmId, string>> = {
  kvm: 'kvm',
  amazon: 'kvm', // linux.py: sys_vendor "Amazon EC2" -> kvm (Nitro is KVM)
  google: 'kvm', // linux.py: sys_vendor "Google" -> kvm
  vmware: 'VMware',
  microsoft: 'hyperv', // differs: Ansible says "VirtualPC" (a FIXME in linux.py)
  oracle: 'virtualbox',
  xen: 'xen',
  parallels: 'parallels',
  bhyve: 'bhyve',
  uml: 'uml',
};

/** Ansible's names for KVM platforms it recognises by DMI (linux.py), by our layer variant. */
const ANSIBLE_KVM_PLATFORMS: Readonly<Record<string, string>> = {
  openstack: 'openstack', // product_name "OpenStack Compute|Nova", sys_vendor "OpenStack Foundation"
  kubevirt: 'KubeVirt', // sys_vendor "KubeVirt"
  ovirt: 'oVirt', // sys_vendor "oVirt"
  rhev: 'RHEV', // product_name "RHEV Hypervisor"
};

/** Ansible's names for containers. */
const ANSIBLE_CONTAINER_NAMES: Partial<Record<ContainerId, string>> = {
  'lxc-libvirt': 'lxc', // linux.py matches the lxc prefix
  'container-other': 'container', // linux.py: any container= value
};

export function ansibleView(vm: VmId, vmVariant: string | null, container: ContainerId, role: VirtFacts['role'], hosting: readonly string[]): Ansible {
  const inContainer = container !== 'none' && container !== 'unknown';
  const inVm = vm !== 'none' && vm !== 'unknown' && vm !== 'vm-other';
  const vmName = (vm === 'kvm' && vmVariant !== null ? ANSIBLE_KVM_PLATFORMS[vmVariant] : undefined) ?? ANSIBLE_VM_NAMES[vm] ?? vm;
  const containerName = ANSIBLE_CONTAINER_NAMES[container] ?? container;
  const guest: string[] = [];
  if (inContainer) guest.push('container', containerName);
  if (inVm && role !== 'host') guest.push(vmName);
  let type = 'NA';
  if (inContainer) type = containerName;
  else if (inVm) type = vmName;
  else if (hosting.length > 0) type = hosting[0] as string;
  return {
    virtualization_type: type,
    virtualization_role: role === 'guest' ? 'guest' : role === 'host' ? 'host' : 'NA',
    virtualization_tech_guest: [...new Set(guest)],
    virtualization_tech_host: [...hosting],
  };
}
