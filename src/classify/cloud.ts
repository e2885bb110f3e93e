/** The cloud, from local evidence only (DMI strings, the Xen domain UUID, the cloud's PCI devices); never a network call. */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem } from '../model/evidence.ts';
import type { Cloud } from '../model/facts.generated.ts';
import type { VmId } from '../model/ids.ts';
import { cite } from './cite.ts';
import { CLOUD_DMI, PCI_CLOUD_VENDORS } from './tables.ts';

export interface CloudDetails {
  readonly cloud: Cloud | null;
  readonly evidence: readonly EvidenceItem[];
}

/** How the instance runs: on which hypervisor, or on the metal. */
function platformOf(vm: VmId, variant: string | null): string | null {
  // A cloud's firmware strings with no hypervisor below: a bare-metal instance (EC2 *.metal, GCE metal, ECS EBM).
  if (variant === 'metal' || vm === 'none') return 'metal';
  if (vm === 'amazon') return 'nitro';
  if (vm === 'unknown') return null;
  return vm === 'google' ? 'kvm' : vm;
}

export function cloudDetails(g: Gathered, vm: VmId, vmVariant: string | null): CloudDetails {
  for (const row of CLOUD_DMI) {
    const signal = g.dmi.fields[row.field];
    if (signal !== undefined && row.test.test(signal.value)) {
      return { cloud: { provider: row.provider, platform: platformOf(vm, vmVariant) }, evidence: [cite('dmi', signal, `cloud=${row.provider}`)] };
    }
  }
  const uuid = g.sysHypervisor.ec2Uuid;
  if (uuid?.value === true) {
    // Xen-based EC2 instances name their domains ec2… (cloud-init ds-identify ec2_identify_platform).
    return { cloud: { provider: 'aws', platform: platformOf(vm, vmVariant) }, evidence: [cite('sysHypervisor', uuid, 'cloud=aws')] };
  }
  // Without readable firmware strings, the cloud's own network and storage devices still name it.
  for (const d of g.pci) {
    const provider = PCI_CLOUD_VENDORS[d.vendor];
    if (provider !== undefined) {
      return { cloud: { provider, platform: platformOf(vm, vmVariant) }, evidence: [cite('pci', { path: d.path, raw: `${d.vendor}:${d.device}`, value: d }, `cloud=${provider}`)] };
    }
  }
  return { cloud: null, evidence: [] };
}
