/**
 * What each fixture host must be, stated independently of its golden: a regenerated golden that changed one
 * of these answers fails here even if nobody read the diff.
 */
import { deepStrictEqual } from 'node:assert/strict';
import type { VirtFacts } from '../src/model/facts.generated.ts';
import { factsOf } from './helpers/facts.ts';
import { hostNames, materialiseFixture } from './helpers/fixture-root.ts';

type Expectation = {
  vm: VirtFacts['vm'];
  container: VirtFacts['container'];
  role: VirtFacts['role'];
  mode: VirtFacts['mode'];
  xen?: Partial<NonNullable<VirtFacts['xen']>> | null;
  host?: Partial<VirtFacts['host']>;
  tuning?: Partial<VirtFacts['tuning']>;
  cloud?: VirtFacts['cloud'];
  confidential?: VirtFacts['confidential'];
  confidence?: VirtFacts['confidence'];
  warnings?: number;
  layers?: string[];
};

const EXPECTED: Record<string, Expectation> = {
  'x86_64-firecracker-kvm-stale-dockerenv': {
    vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', xen: null, confidence: 'high', warnings: 1,
    host: { kvm_device: false, nested: false }, tuning: { tuned_profile: 'virtual-guest', io_scheduler: 'none', install_pv_drivers: false },
  },
  'x86_64-firecracker-kvm-nested': {
    vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', host: { kvm_device: true, nested: true, xen_dom0: false }, warnings: 1,
  },
  'x86_64-firecracker-kvm-nonroot': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidence: 'medium', warnings: 1 },
  'x86_64-kvm-virtio': {
    vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidence: 'high', cloud: null, confidential: null,
    tuning: { tuned_profile: 'virtual-guest', io_scheduler: 'none', install_pv_drivers: false },
  },
  'x86_64-qemu-tcg': {
    vm: 'qemu', container: 'none', role: 'guest', mode: 'hvm', confidence: 'high',
    // the emulated qemu64 CPU offers svm, so the guest has /dev/kvm: nested-capable, still a guest
    host: { kvm_device: true, nested: true }, tuning: { io_scheduler: 'mq-deadline' },
  },
  'x86_64-baremetal': { vm: 'none', container: 'none', role: 'none', mode: 'native', host: { kvm_device: false }, tuning: { tuned_profile: 'throughput-performance' } },
  'x86_64-baremetal-kvm-idle': { vm: 'none', container: 'none', role: 'none', mode: 'native', confidence: 'high', host: { kvm_device: true, nested: false } },
  'x86_64-xen-pv-domU': {
    vm: 'xen', container: 'none', role: 'guest', mode: 'pv',
    xen: { domain: 'domU', guest_type: 'PV', pv_drivers: true, platform_pci: 'absent' }, tuning: { install_pv_drivers: false, io_scheduler: 'none' },
  },
  'x86_64-xen-pv-domU-oldkernel': { vm: 'xen', container: 'none', role: 'guest', mode: 'pv', xen: { domain: 'domU', guest_type: 'PV', pv_drivers: true } },
  'x86_64-xen-pvh-domU': { vm: 'xen', container: 'none', role: 'guest', mode: 'pvh', xen: { domain: 'domU', guest_type: 'PVH', pv_drivers: true, platform_pci: 'absent' } },
  'x86_64-xen-hvm-emulated': {
    vm: 'xen', container: 'none', role: 'guest', mode: 'hvm',
    xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: false, platform_pci: 'unbound' }, tuning: { install_pv_drivers: true, io_scheduler: 'mq-deadline' },
  },
  'x86_64-xen-hvm-pvdrivers': {
    vm: 'xen', container: 'none', role: 'guest', mode: 'hvm', confidence: 'high',
    xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: true, platform_pci: 'bound' }, tuning: { install_pv_drivers: false, io_scheduler: 'none' },
  },
  'x86_64-xen-hvm-oldkernel': { vm: 'xen', container: 'none', role: 'guest', mode: 'hvm', xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: true, platform_pci: 'bound' } },
  'x86_64-aws-xen-hvm': {
    vm: 'xen', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'aws', platform: 'xen' },
    xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: true }, tuning: { guest_agent: null },
  },
  'x86_64-xen-dom0': {
    vm: 'xen', container: 'none', role: 'host', mode: 'pv', host: { xen_dom0: true },
    xen: { domain: 'dom0', guest_type: 'PV' }, tuning: { tuned_profile: 'virtual-host', guest_agent: null },
  },
  'x86_64-xen-dom0-noxenfs': { vm: 'xen', container: 'none', role: 'host', mode: 'pv', host: { xen_dom0: true }, xen: { domain: 'dom0', guest_type: 'PV' } },
  'x86_64-aws-nitro': { vm: 'amazon', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'aws', platform: 'nitro' }, layers: ['vm:amazon:nitro'] },
  'aarch64-aws-graviton': { vm: 'amazon', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'aws', platform: 'nitro' } },
  'x86_64-aws-metal': { vm: 'none', container: 'none', role: 'none', mode: 'native', cloud: { provider: 'aws', platform: 'metal' }, confidence: 'high' },
  'x86_64-aws-metal-nonroot': { vm: 'none', container: 'none', role: 'none', mode: 'native', cloud: { provider: 'aws', platform: 'metal' }, confidence: 'medium' },
  'x86_64-gce-vm': { vm: 'google', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'gcp', platform: 'kvm' } },
  'x86_64-gce-metal': { vm: 'none', container: 'none', role: 'none', mode: 'native', cloud: { provider: 'gcp', platform: 'metal' } },
  'x86_64-oci-vm': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'oci', platform: 'kvm' } },
  'x86_64-alibaba-ecs': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'alibaba', platform: 'kvm' } },
  // X-Dragon bare metal: virtio disk and NIC from the offload card, no hypervisor
  'x86_64-alibaba-ebm': { vm: 'none', container: 'none', role: 'none', mode: 'native', cloud: { provider: 'alibaba', platform: 'metal' } },
  'x86_64-openstack-nova': {
    vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'openstack', platform: 'kvm' }, layers: ['vm:kvm:openstack'],
    tuning: { guest_agent: 'qemu-guest-agent' },
  },
  'x86_64-digitalocean': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'digitalocean', platform: 'kvm' } },
  'x86_64-hetzner-cloud': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'hetzner', platform: 'kvm' } },
  'x86_64-linode': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'linode', platform: 'kvm' } },
  'x86_64-vultr': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'vultr', platform: 'kvm' } },
  'x86_64-scaleway': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'scaleway', platform: 'kvm' } },
  'x86_64-exoscale': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'exoscale', platform: 'kvm' } },
  'x86_64-upcloud': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'upcloud', platform: 'kvm' } },
  'x86_64-ibm-cloud-vpc': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'ibm', platform: 'kvm' } },
  'x86_64-nutanix-ahv': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: null, layers: ['vm:kvm:nutanix-ahv'] },
  'x86_64-proxmox-vm': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: null, tuning: { guest_agent: 'qemu-guest-agent' } },
  'x86_64-kubevirt': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', cloud: null, layers: ['vm:kvm:kubevirt'] },
  'x86_64-kvmtool': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', host: { nested: true }, layers: ['vm:kvm:kvmtool'] },
  'x86_64-firecracker-mmio': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidence: 'medium', tuning: { io_scheduler: 'none', guest_agent: null } },
  'x86_64-docker-on-kvm': { vm: 'kvm', container: 'docker', role: 'guest', mode: 'hvm', layers: ['vm:kvm', 'container:docker'], warnings: 0 },
  'x86_64-docker-cgroupv1-metal': { vm: 'none', container: 'docker', role: 'guest', mode: 'native', layers: ['container:docker'] },
  'x86_64-podman-rootless': { vm: 'none', container: 'podman', role: 'guest', mode: 'native' },
  'x86_64-lxd-container': { vm: 'none', container: 'lxc', role: 'guest', mode: 'native', layers: ['container:lxc:lxd'] },
  'x86_64-lxc-libvirt': { vm: 'none', container: 'lxc-libvirt', role: 'guest', mode: 'native' },
  'x86_64-systemd-nspawn': { vm: 'none', container: 'systemd-nspawn', role: 'guest', mode: 'native' },
  'x86_64-openvz-container': { vm: 'none', container: 'openvz', role: 'guest', mode: 'native' },
  'x86_64-openvz-host': { vm: 'none', container: 'none', role: 'host', mode: 'native' },
  'x86_64-wsl1': { vm: 'none', container: 'wsl', role: 'guest', mode: 'native' },
  'x86_64-wsl2': { vm: 'microsoft', container: 'wsl', role: 'guest', mode: 'hvm', layers: ['vm:microsoft', 'container:wsl'] },
  'x86_64-docker-in-wsl2': { vm: 'microsoft', container: 'docker', role: 'guest', mode: 'hvm', layers: ['vm:microsoft', 'container:wsl', 'container:docker'] },
  'x86_64-proot': { vm: 'none', container: 'proot', role: 'guest', mode: 'native' },
  'x86_64-k8s-containerd-pod': { vm: 'google', container: 'container-other', role: 'guest', mode: 'hvm', layers: ['vm:google', 'container:container-other:kubernetes'] },
  'x86_64-k8s-docker-pod': { vm: 'kvm', container: 'docker', role: 'guest', mode: 'hvm', layers: ['vm:kvm', 'container:docker:kubernetes'] },
  'x86_64-linux-vserver-guest': { vm: 'none', container: 'linux-vserver', role: 'guest', mode: 'native' },
  'x86_64-linux-vserver-host': { vm: 'none', container: 'none', role: 'host', mode: 'native' },
  'x86_64-container-other-cgroupns': { vm: 'none', container: 'container-other', role: 'guest', mode: 'native' },
  'x86_64-pouch': { vm: 'none', container: 'pouch', role: 'guest', mode: 'native' },
  'x86_64-vmware-esxi-bios': { vm: 'vmware', container: 'none', role: 'guest', mode: 'hvm', tuning: { guest_agent: 'open-vm-tools', io_scheduler: 'none' } },
  'x86_64-vmware-efi-emulated': { vm: 'vmware', container: 'none', role: 'guest', mode: 'hvm', tuning: { io_scheduler: 'mq-deadline' } },
  'x86_64-vmware-esxi8': { vm: 'vmware', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-hyperv-gen1': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: null, tuning: { guest_agent: 'hyperv-daemons' } },
  'x86_64-hyperv-gen2': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: null },
  'x86_64-azure-vm': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'azure', platform: 'microsoft' } },
  'x86_64-virtualbox': { vm: 'oracle', container: 'none', role: 'guest', mode: 'hvm', tuning: { guest_agent: 'virtualbox-guest-utils' } },
  // Oracle's own servers carry "Oracle Corporation" too: not VirtualBox (systemd#21100)
  'x86_64-oracle-server-metal': { vm: 'none', container: 'none', role: 'none', mode: 'native' },
  'x86_64-parallels': { vm: 'parallels', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-bhyve': { vm: 'bhyve', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-bochs': { vm: 'bochs', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-uml': { vm: 'uml', container: 'none', role: 'guest', mode: 'pv' },
  'x86_64-acrn': { vm: 'acrn', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-qnx-hypervisor': { vm: 'qnx', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-unknown-hypervisor': { vm: 'vm-other', container: 'none', role: 'guest', mode: 'hvm', confidence: 'low' },
  'aarch64-kvm-qemu-virt': { vm: 'qemu', container: 'none', role: 'guest', mode: 'hvm' },
  'aarch64-kvm-uefi': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm' },
  'aarch64-xen-domU': { vm: 'xen', container: 'none', role: 'guest', mode: 'hvm', xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: true } },
  'aarch64-apple-vz': { vm: 'apple', container: 'none', role: 'guest', mode: 'hvm' },
  'ppc64le-powervm-lpar-shared': { vm: 'powervm', container: 'none', role: 'guest', mode: 'hvm', layers: ['vm:powervm:lpar-shared'] },
  'ppc64le-powervm-lpar-dedicated': { vm: 'powervm', container: 'none', role: 'guest', mode: 'hvm', layers: ['vm:powervm:lpar-dedicated'] },
  'ppc64le-kvm-pseries': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm' },
  'ppc64le-powernv-metal': { vm: 'none', container: 'none', role: 'none', mode: 'native' },
  's390x-zvm': { vm: 'zvm', container: 'none', role: 'guest', mode: 'hvm' },
  's390x-lpar': { vm: 'none', container: 'none', role: 'none', mode: 'native' },
  's390x-kvm': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-sre': { vm: 'sre', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-rkt': { vm: 'none', container: 'rkt', role: 'guest', mode: 'native' },
  // One evidence class each, as thin roots from other projects' tests hold them (issue 9).
  'x86_64-vmware-pci-only': { vm: 'vmware', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-virtualbox-proc-pci': { vm: 'oracle', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-hyperv-gen1-pci-only': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: null },
  'x86_64-parallels-pci-only': { vm: 'parallels', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-xen-hvm-pci-only': {
    vm: 'xen', container: 'none', role: 'guest', mode: 'hvm',
    xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: false, platform_pci: 'unbound' }, tuning: { install_pv_drivers: true },
  },
  'x86_64-virtualbox-board-dmi': { vm: 'oracle', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-rhev-dmi': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', layers: ['vm:kvm:rhev'] },
  'x86_64-ovirt-node-dmi': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', layers: ['vm:kvm:ovirt'] },
  'x86_64-kvm-smbios-raw': { vm: 'qemu', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-hyperv-smbios-raw': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: null },
  'x86_64-virtualbox-modules': { vm: 'oracle', container: 'none', role: 'guest', mode: 'hvm', confidence: 'medium', warnings: 1 },
  'x86_64-hyperv-modules': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-vmware-modules': { vm: 'vmware', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-xen-pvhvm-rhel5': { vm: 'xen', container: 'none', role: 'guest', mode: 'hvm', xen: { domain: 'domU', guest_type: 'HVM', pv_drivers: true, platform_pci: 'bound' }, warnings: 1 },
  // xvd* disks show a domU; nothing shows whether it is PV, HVM or PVH.
  'x86_64-xen-devnodes': { vm: 'xen', container: 'none', role: 'guest', mode: 'unknown', xen: { domain: 'domU', guest_type: 'unknown', pv_drivers: true } },
  'x86_64-virtualbox-devnode': { vm: 'oracle', container: 'none', role: 'guest', mode: 'hvm' },
  'x86_64-hyperv-kvp': { vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', confidence: 'low' },
  'i686-qemu-virtual-cpu-oldkernel': { vm: 'qemu', container: 'none', role: 'guest', mode: 'hvm', warnings: 1 },
  'x86_64-kvm-common-cpu': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', warnings: 1 },
  'x86_64-docker-named-cgroup': { vm: 'unknown', container: 'docker', role: 'guest', mode: 'unknown' },
  'x86_64-lxc-named-cgroup': { vm: 'unknown', container: 'lxc', role: 'guest', mode: 'unknown' },
  'x86_64-github-actions-job': { vm: 'unknown', container: 'docker', role: 'guest', mode: 'unknown' },
  'x86_64-openvz-envid-container': { vm: 'unknown', container: 'openvz', role: 'guest', mode: 'unknown' },
  'x86_64-openvz-hardware-node-envid': { vm: 'unknown', container: 'none', role: 'host', mode: 'unknown' },
  'x86_64-openvz-beancounters-only': { vm: 'unknown', container: 'openvz', role: 'guest', mode: 'unknown' },
  'x86_64-cloudlinux-lve': { vm: 'none', container: 'none', role: 'none', mode: 'native' },
  'x86_64-illumos-lx-banner': { vm: 'unknown', container: 'container-other', role: 'guest', mode: 'unknown', layers: ['container:container-other:illumos-lx'] },
  // Confidential guests (issue 11): the technology and how it was seen; a host that supports SEV is not one.
  'x86_64-gce-sev': { vm: 'google', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'sev', sources: ['msr', 'cpuinfo'] }, confidence: 'high' },
  'x86_64-kvm-sev-es': {
    vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'sev-es', sources: ['cpuid', 'cpuinfo'] }, confidence: 'high',
    // the agent's channel exists, but the host is not trusted
    tuning: { guest_agent: null },
  },
  'x86_64-aws-sev-snp': { vm: 'amazon', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'sev-snp', sources: ['msr', 'cpuinfo', 'sev-guest'] }, confidence: 'high' },
  'x86_64-aws-sev-snp-nonroot': {
    vm: 'amazon', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'sev-snp', sources: ['cpuinfo', 'sev-guest'] }, confidence: 'medium',
  },
  'x86_64-kvm-tdx': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'tdx', sources: ['cpuid', 'cpuinfo', 'tdx-guest', 'tsm-report'] } },
  'x86_64-azure-cvm-snp': {
    vm: 'microsoft', container: 'none', role: 'guest', mode: 'hvm', cloud: { provider: 'azure', platform: 'microsoft' }, confidential: { technology: 'sev-snp', sources: ['paravisor'] },
  },
  's390x-secure-execution': { vm: 'kvm', container: 'none', role: 'guest', mode: 'hvm', confidential: { technology: 'protvirt', sources: ['ultravisor'] } },
  'x86_64-baremetal-amd-sev-host': { vm: 'none', container: 'none', role: 'none', mode: 'native', confidential: null, host: { kvm_device: true, nested: false } },
  'x86_64-baremetal-kvm-host': { vm: 'none', container: 'none', role: 'host', mode: 'native', host: { kvm_device: true }, tuning: { tuned_profile: 'virtual-host' } },
};

function pick(facts: VirtFacts, expected: Expectation): Expectation {
  const picked: Expectation = { vm: facts.vm, container: facts.container, role: facts.role, mode: facts.mode };
  if ('xen' in expected) picked.xen = expected.xen === null || facts.xen === null ? facts.xen : pickKeys(facts.xen, expected.xen ?? {});
  if (expected.host) picked.host = pickKeys(facts.host, expected.host);
  if (expected.tuning) picked.tuning = pickKeys(facts.tuning, expected.tuning);
  if ('cloud' in expected) picked.cloud = facts.cloud;
  if ('confidential' in expected) picked.confidential = facts.confidential;
  if (expected.confidence) picked.confidence = facts.confidence;
  if (expected.warnings !== undefined) picked.warnings = facts.warnings.length;
  if (expected.layers) picked.layers = facts.layers.map((l) => `${l.kind}:${l.id}${l.variant && !['domU', 'dom0'].includes(l.variant) ? `:${l.variant}` : ''}`);
  return picked;
}

function pickKeys<T extends object>(from: T, keys: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, from[k as keyof T]])) as Partial<T>;
}

describe('what each fixture host is', () => {
  for (const name of hostNames()) {
    const expected = EXPECTED[name];
    it(`${name}: ${expected ? `${expected.vm}/${expected.container}/${expected.role}/${expected.mode}` : 'has an expectation'}`, () => {
      deepStrictEqual(expected !== undefined, true, `add ${name} to EXPECTED`);
      const host = materialiseFixture(name);
      try {
        deepStrictEqual(pick(factsOf(host.reader), expected as Expectation), expected);
      } finally {
        host.cleanup();
      }
    });
  }
});
