/**
 * What the machine can host and whether it hosts. /dev/kvm alone is a capability, never a role: it exists on
 * idle hardware and inside nested-capable guests alike (Ansible's "kvm host" mistake, ansible#80673).
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import type { Host, VirtFacts } from '../model/facts.generated.ts';
import type { ContainerId, VmId } from '../model/ids.ts';
import { cite } from './cite.ts';
import { openvzHardwareNode } from './container.ts';

export interface HostDetails {
  readonly host: Host;
  readonly role: VirtFacts['role'];
  /** Host technologies in use (Ansible's virtualization_tech_host). */
  readonly hosting: readonly string[];
  readonly evidence: readonly EvidenceItem[];
}

const HOSTING_TECH: Readonly<Record<string, string>> = { kvm_intel: 'kvm', kvm_amd: 'kvm', vboxdrv: 'virtualbox' };

/** `controlling`: the technology of a control domain other than Xen's dom0 (an LDoms control domain). */
/**
 * The hosting modules' reference counts: /sys/module/<name>/refcnt, else the same counter in /proc/modules (a
 * capture or a kernel without the sysfs attribute).
 */
function hostModuleUse(g: Gathered): readonly Signal<{ module: string; refcnt: number }>[] {
  if (g.hostCapability.moduleUse.length > 0) return g.hostCapability.moduleUse;
  const loaded = g.modules.loaded;
  if (loaded === undefined) return [];
  return Object.keys(HOSTING_TECH).flatMap((module) => {
    const refcnt = loaded.value.get(module);
    return refcnt === undefined ? [] : [signal(loaded.path, `${module} used by ${refcnt}`, { module, refcnt })];
  });
}

export function hostDetails(g: Gathered, vm: VmId, container: ContainerId, dom0: boolean, controlling?: string): HostDetails {
  const evidence: EvidenceItem[] = [];
  const kvmDevice = g.hostCapability.kvmDevice?.value === true;
  const control = dom0 || controlling !== undefined;
  const inVm = vm !== 'none' && vm !== 'unknown' && !control;
  const virtFlag = g.cpuinfo.flags.has('vmx') || g.cpuinfo.flags.has('svm');
  const nested = inVm && (kvmDevice || virtFlag);
  if (g.hostCapability.kvmDevice !== undefined && kvmDevice) {
    evidence.push(cite('hostCapability', g.hostCapability.kvmDevice, inVm ? 'host.nested (a guest that can host)' : 'host.kvm_device (capability, not a role)'));
  } else if (nested && g.cpuinfo.flagsSignal !== undefined) {
    evidence.push(cite('cpuinfo', g.cpuinfo.flagsSignal, 'host.nested (vmx/svm in a guest)'));
  }
  const hosting: string[] = [];
  if (dom0) hosting.push('xen');
  if (controlling !== undefined) hosting.push(controlling);
  if (!inVm && container === 'none') {
    for (const use of hostModuleUse(g)) {
      if (use.value.refcnt > 0) {
        const tech = HOSTING_TECH[use.value.module] as string;
        if (!hosting.includes(tech)) hosting.push(tech);
        evidence.push(cite('hostCapability', use, `role=host (${use.value.module} in use by ${use.value.refcnt})`));
      } else {
        evidence.push(cite('hostCapability', use, `${use.value.module} loaded, no guest running`));
      }
    }
  }
  const hardwareNode = openvzHardwareNode(g);
  if (hardwareNode !== undefined && container === 'none') {
    hosting.push('openvz');
    evidence.push(cite(hardwareNode.path.startsWith('/proc/self') ? 'processes' : 'containers', hardwareNode, 'role=host (OpenVZ hardware node)'));
  }
  // A Linux-VServer host runs in context 0 with the VServer kernel interface present.
  if (g.processes.vserverContext?.value === 0 && container === 'none') {
    hosting.push('linux_vserver');
    evidence.push(cite('processes', g.processes.vserverContext, 'role=host (Linux-VServer host context)'));
  }
  let role: VirtFacts['role'];
  if (control || (hosting.length > 0 && !inVm && container === 'none')) role = 'host';
  else if (inVm || (container !== 'none' && container !== 'unknown')) role = 'guest';
  else if (vm === 'unknown') role = 'unknown';
  else role = 'none';
  return { host: { kvm_device: kvmDevice, nested, xen_dom0: dom0 }, role, hosting, evidence };
}
