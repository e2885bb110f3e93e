/** Evidence in, facts out: the pure function from what the probes saw to the contract. */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, ReadError } from '../model/evidence.ts';
import type { Hypervisor, Layer, VirtFacts } from '../model/facts.generated.ts';
import { VM_VENDORS, weakest, type Mode, type VmId } from '../model/ids.ts';
import { ansibleView } from './ansible.ts';
import { cite } from './cite.ts';
import { printable } from '../model/text.ts';
import { cloudDetails } from './cloud.ts';
import { hostDetails } from './host-role.ts';
import { paravirtDetails } from './paravirt.ts';
import { CONFIDENTIAL_RULES, VM_RULES, decideContainer, firstVerdict } from './precedence.ts';
import { confidentialDetails } from './confidential.ts';
import { tuningAdvice } from './tuning.ts';
import type { VmVerdict } from './verdict.ts';
import { controlProgramId, cpuidMatches, dmiVendorMatch, kvmVariant } from './vm.ts';
import { wslKernel } from './container.ts';
import { architectureOf } from './arch.ts';
import { xenDetails, type XenDetails } from './xen.ts';

/** The virtio-serial port libvirt, Proxmox and OpenStack create for the agent (qemu-guest-agent's systemd unit binds to it). */
const QEMU_GUEST_AGENT_PORT = 'org.qemu.guest_agent.0';

const UNKNOWN_VM: VmVerdict = { id: 'unknown', confidence: 'low', variant: null, evidence: [] };

const isVm = (id: VmId): boolean => id !== 'none' && id !== 'unknown';

function modeOf(vm: VmId, xen: XenDetails | undefined): Mode {
  if (xen !== undefined) return ({ PV: 'pv', HVM: 'hvm', PVH: 'pvh', unknown: 'unknown' } as const)[xen.xen.guest_type];
  if (vm === 'none') return 'native';
  if (vm === 'unknown') return 'unknown';
  // UML's kernel runs on another kernel's system calls: paravirtualization in the plain sense.
  return vm === 'uml' ? 'pv' : 'hvm';
}

/** Version the hypervisor exposes: Xen's own (sysfs, else CPUID leaf+1 EAX = major << 16 | minor). */
function versionOf(g: Gathered, vm: VmId): string | null {
  if (vm !== 'xen') return null;
  if (g.sysHypervisor.version !== undefined) return printable(g.sysHypervisor.version.value, 80);
  const leaf = cpuidMatches(g).find((m) => m.id === 'xen')?.leaf.value;
  return leaf?.nextEax === undefined ? null : `${leaf.nextEax >>> 16}.${leaf.nextEax & 0xffff}`;
}

/**
 * The outer layers of a nested stack, outermost first, where the evidence shows them. The control domain sees
 * the firmware of the machine Xen boots on, so when that firmware is a hypervisor's, Xen itself runs inside that
 * hypervisor. (A PV domU cannot tell: it has no firmware, and the cpuid device answers through Xen's CPUID
 * emulation.) IBM Z lists every hypervisor level below the guest in /proc/sysinfo (KVM in a z/VM guest).
 */
function outerLayers(g: Gathered, vm: VmId, xen: XenDetails | undefined, evidence: EvidenceItem[]): Layer[] {
  if (xen?.xen.domain === 'dom0') {
    const firmware = dmiVendorMatch(g);
    if (firmware === undefined || firmware.row.id === 'xen') return [];
    evidence.push(cite('dmi', firmware.signal, `layers: Xen runs inside ${firmware.row.id}`));
    return [{ kind: 'vm', id: firmware.row.id, mode: 'hvm', variant: null }];
  }
  if (g.sysinfo.controlProgram === undefined || controlProgramId(g.sysinfo.controlProgram.value) !== vm) return [];
  return g.sysinfo.outerControlPrograms
    .map((program) => {
      const id = controlProgramId(program.value);
      evidence.push(cite('sysinfo', program, `layers: ${vm} runs inside ${id}`));
      return { kind: 'vm' as const, id, mode: 'hvm' as const, variant: null };
    })
    .reverse();
}

function dedupe(items: readonly EvidenceItem[]): EvidenceItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.probe}\0${item.path}\0${item.value}\0${item.supports}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function classify(g: Gathered, errors: readonly ReadError[], version: string): VirtFacts {
  const arch = architectureOf(g);
  const vmVerdict = firstVerdict(VM_RULES, g, arch) ?? UNKNOWN_VM;
  const containerVerdict = decideContainer(g, arch);
  const vm = vmVerdict.id;
  const container = containerVerdict.id;
  const evidence: EvidenceItem[] = [...vmVerdict.evidence];

  const xen = vm === 'xen' ? xenDetails(g) : undefined;
  if (xen !== undefined) evidence.push(...xen.evidence);
  const dom0 = xen?.xen.domain === 'dom0';
  // The domain that controls the others (Xen dom0, an LDoms control domain) hosts; it is not their guest.
  const controlDomain = dom0 || vmVerdict.variant === 'ldoms-control';
  const mode = modeOf(vm, xen);
  const outer = outerLayers(g, vm, xen, evidence);
  evidence.push(...containerVerdict.evidence);

  const paravirt = paravirtDetails(g, isVm(vm) && !controlDomain);
  evidence.push(...paravirt.evidence);
  const cloud = cloudDetails(g, vm, vmVerdict.variant);
  evidence.push(...cloud.evidence);
  const host = hostDetails(g, vm, container, dom0, controlDomain && !dom0 ? 'ldoms' : undefined);
  evidence.push(...host.evidence);
  const confidential = confidentialDetails(g, firstVerdict(CONFIDENTIAL_RULES, g, arch));
  evidence.push(...confidential.evidence);

  const variant = xen !== undefined ? { variant: xen.xen.domain, evidence: [] } : kvmVariant(g, vmVerdict.variant);
  evidence.push(...variant.evidence);
  const layers: Layer[] = [];
  layers.push(...outer);
  if (isVm(vm)) layers.push({ kind: 'vm', id: vm, mode, variant: variant.variant });
  // A container inside WSL (docker in a WSL2 distro) sits on the WSL layer, which sits on the Hyper-V VM.
  const wsl = container !== 'wsl' ? wslKernel(g) : undefined;
  if (wsl !== undefined && container !== 'none' && container !== 'unknown') {
    layers.push({ kind: 'container', id: 'wsl', mode: null, variant: null });
    evidence.push(...wsl.evidence);
  }
  if (container !== 'none' && container !== 'unknown') layers.push({ kind: 'container', id: container, mode: null, variant: containerVerdict.variant });

  const first = g.cpuid.leaves[0]?.value.signature;
  const signature = first === undefined ? null : printable(first, 12);
  const hypervisor: Hypervisor | null = isVm(vm)
    ? { id: vm, vendor: VM_VENDORS[vm as keyof typeof VM_VENDORS], signature, version: versionOf(g, vm) }
    : null;

  const agentChannel = g.buses.virtioPorts.find((p) => p.value === QEMU_GUEST_AGENT_PORT);
  if (agentChannel !== undefined) {
    evidence.push(cite('buses', agentChannel, confidential.confidential ? 'tuning.guest_agent=null (its channel exists, but the host is not trusted)' : 'tuning.guest_agent=qemu-guest-agent (its channel exists)'));
  }
  const tuning = tuningAdvice({ vm, container, role: host.role, xen: xen?.xen ?? null, paravirt: paravirt.paravirt, cloud: cloud.cloud, qemuAgentChannel: agentChannel !== undefined, confidential: confidential.confidential });

  return {
    schema_version: 1,
    virtual: isVm(vm) || (container !== 'none' && container !== 'unknown'),
    role: host.role,
    vm,
    container,
    mode,
    layers,
    hypervisor,
    xen: xen?.xen ?? null,
    paravirt: paravirt.paravirt,
    cloud: cloud.cloud,
    confidential: confidential.confidential,
    host: host.host,
    tuning,
    ansible: ansibleView(vm, variant.variant, container, host.role, host.hosting),
    confidence: weakest(weakest(vmVerdict.confidence, containerVerdict.confidence), confidential.confidence ?? 'high'),
    evidence: dedupe(evidence),
    warnings: [...(vmVerdict.warnings ?? []), ...(containerVerdict.warnings ?? []), ...confidential.warnings].map((w) => printable(w, 400)),
    // One entry a source: the cpuid and confidential probes both read the CPUID device, and are refused together.
    errors: errors.filter((e, i) => errors.findIndex((f) => f.path === e.path && f.code === e.code) === i).map((e) => ({ probe: printable(e.probe, 40), path: printable(e.path, 256), code: printable(e.code, 40) })),
    generator: { name: 'virt-facts', version },
  };
}
