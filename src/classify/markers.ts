/**
 * Vendor-specific markers: evidence that names one hypervisor because only its virtual hardware or its guest
 * drivers produce it (PCI ids, guest kernel modules, device nodes, Hyper-V's KVP pools, the CPU models QEMU
 * presents), and weak markers that say only "probably a VM" because bare metal can show them too (virtio
 * behind a DPU). They are gathered here; how much they weigh is decided by the rules in vm.ts.
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem } from '../model/evidence.ts';
import type { VmId } from '../model/ids.ts';
import { cite } from './cite.ts';
import { GUEST_DEVICE_NODES, GUEST_MODULES, PCI_HYPERVISOR_IDS, QEMU_CPU_MODELS, QEMU_PCI_SUBSYSTEM, VIRTIO_MODULE_PREFIX } from './tables.ts';

export interface Marker {
  readonly id: VmId;
  /** `specific`: cannot appear outside that hypervisor's guests; `hint`: a file that can outlive a move (KVP pools). */
  readonly strength: 'specific' | 'hint';
  /** The class of evidence, so that agreement across classes can be told from repetition within one. */
  readonly kind: 'pci' | 'module' | 'device-node' | 'kvp' | 'cpu-model';
  /** What it is, for a person: a PCI id, a module, a device node's path. */
  readonly label: string;
  readonly evidence: EvidenceItem;
}

/** Every vendor-specific marker in the evidence, in a stable order. */
export function vendorMarkers(g: Gathered): Marker[] {
  const markers: Marker[] = [];
  const add = (id: VmId, kind: Marker['kind'], label: string, evidence: EvidenceItem, strength: Marker['strength'] = 'specific') =>
    markers.push({ id, kind, label, strength, evidence });
  // One line per kind of device: a VMware VM has 32 identical root ports.
  const seen = new Set<string>();
  for (const d of g.pci) {
    const kind = `${d.vendor}:${d.device}:${d.subsystem}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    const id = PCI_HYPERVISOR_IDS[`${d.vendor}:${d.device}`] ?? PCI_HYPERVISOR_IDS[d.vendor] ?? (d.vendor !== '1af4' && d.subsystem === QEMU_PCI_SUBSYSTEM ? 'qemu' : undefined);
    const raw = `${d.vendor}:${d.device}${d.subsystem ? ` subsystem ${d.subsystem}` : ''}`;
    if (id !== undefined) add(id, 'pci', `PCI ${d.vendor}:${d.device}`, cite('pci', { path: d.path, raw, value: d }, `vm=${id} (PCI device of its virtual hardware)`));
  }
  const modules = g.modules.loaded;
  if (modules !== undefined) {
    for (const name of modules.value.keys()) {
      const id = GUEST_MODULES[name];
      if (id !== undefined) add(id, 'module', `module ${name}`, cite('modules', { path: modules.path, raw: name, value: name }, `vm=${id} (guest driver ${name} loaded)`));
    }
  }
  for (const node of g.deviceNodes.names) {
    const id = GUEST_DEVICE_NODES.find(([test]) => test.test(node.value))?.[1];
    if (id !== undefined) add(id, 'device-node', node.path, cite('deviceNodes', node, `vm=${id} (device node of its guest driver)`));
  }
  const pools = g.hypervKvp.pools;
  if (pools !== undefined) add('microsoft', 'kvp', pools.path, cite('hypervKvp', pools, 'vm=microsoft (Hyper-V KVP pools; files can outlive a move)'), 'hint');
  const model = g.cpuinfo.modelName;
  const cpuModel = model === undefined ? undefined : QEMU_CPU_MODELS.find(([test]) => test.test(model.value))?.[1];
  if (model !== undefined && cpuModel !== undefined) add(cpuModel, 'cpu-model', `CPU model "${model.value}"`, cite('cpuinfo', model, `vm=${cpuModel} (CPU model QEMU presents)`));
  return markers;
}

/** Virtio devices and drivers: every KVM-family hypervisor offers them, and so does a DPU on bare metal. */
export function weakMarkers(g: Gathered): EvidenceItem[] {
  const evidence: EvidenceItem[] = [];
  const virtio = g.buses.virtio[0];
  if (virtio !== undefined) evidence.push(cite('buses', { path: virtio.path, raw: virtio.type ?? '', value: virtio }, 'vm=vm-other (virtio device)'));
  const pci = g.pci.find((d) => d.vendor === '1af4');
  if (pci !== undefined) evidence.push(cite('pci', { path: pci.path, raw: `${pci.vendor}:${pci.device}`, value: pci }, 'vm=vm-other (virtio PCI device)'));
  const modules = g.modules.loaded;
  const module = modules === undefined ? undefined : [...modules.value.keys()].find((name) => name.startsWith(VIRTIO_MODULE_PREFIX));
  if (modules !== undefined && module !== undefined) evidence.push(cite('modules', { path: modules.path, raw: module, value: module }, 'vm=vm-other (virtio driver loaded)'));
  return evidence;
}
