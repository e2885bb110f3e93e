/** Advice a playbook can apply as is, derived from the facts (never from new evidence). */
import type { Cloud, Confidential, Paravirt, Tuning, VirtFacts, Xen } from '../model/facts.generated.ts';
import type { ContainerId, VmId } from '../model/ids.ts';

export interface TuningInput {
  readonly vm: VmId;
  readonly container: ContainerId;
  readonly role: VirtFacts['role'];
  readonly xen: Xen | null;
  readonly paravirt: Paravirt;
  readonly cloud: Cloud | null;
  /** The org.qemu.guest_agent.0 virtio-serial port exists: the channel qemu-guest-agent talks over. */
  readonly qemuAgentChannel: boolean;
  readonly confidential: Confidential | null;
}

/** Guest agents by hypervisor (each is the package the vendor documents for Linux guests). */
function guestAgent(input: TuningInput): Tuning['guest_agent'] {
  switch (input.vm) {
    case 'kvm':
    case 'qemu':
      // The agent needs its virtio-serial channel (Debian's unit BindsTo its device); without one (Firecracker,
      // a VM defined without the channel) it would not even start.
      // In a confidential guest the host is not trusted, and the agent's guest-exec and guest-file-* commands would
      // let it run programs and write files inside.
      return input.qemuAgentChannel && input.confidential === null ? 'qemu-guest-agent' : null;
    case 'vmware':
      return 'open-vm-tools'; // VMware KB 2073803
    case 'microsoft':
      return 'hyperv-daemons'; // Microsoft "Linux Integration Services" / hv_kvp_daemon
    case 'oracle':
      return 'virtualbox-guest-utils';
    case 'xen':
      // XenServer/XCP-ng's agent; AWS and other Xen clouds bring their own.
      return input.xen?.domain === 'domU' && input.cloud === null ? 'xe-guest-utilities' : null;
    default:
      return null;
  }
}

export function tuningAdvice(input: TuningInput): Tuning {
  const inContainer = input.container !== 'none' && input.container !== 'unknown';
  const guestVm = input.role === 'guest' && !inContainer;
  let tunedProfile: Tuning['tuned_profile'] = null;
  if (input.role === 'host') tunedProfile = 'virtual-host';
  else if (guestVm) tunedProfile = 'virtual-guest';
  else if (input.role === 'none') tunedProfile = 'throughput-performance';
  let ioScheduler: Tuning['io_scheduler'] = null;
  if (guestVm && input.paravirt.block.length > 0) {
    // The host already schedules a paravirtual disk's I/O; a second elevator in the guest only adds latency.
    ioScheduler = input.paravirt.block.some((d) => d.paravirtual) ? 'none' : 'mq-deadline';
  }
  const xen = input.xen;
  // The platform device is the hook PV drivers bind to; with it present and nothing bound, installing them helps.
  const installPvDrivers = xen !== null && xen.guest_type === 'HVM' && xen.domain !== 'dom0' && !xen.pv_drivers && xen.platform_pci !== 'absent';
  return {
    tuned_profile: tunedProfile,
    io_scheduler: ioScheduler,
    install_pv_drivers: installPvDrivers,
    guest_agent: inContainer || input.role !== 'guest' ? null : guestAgent(input),
  };
}
