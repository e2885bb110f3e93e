/**
 * The confidential-guest rules (systemd-detect-virt --cvm's vocabulary): whether this guest's memory is
 * encrypted from the host, and by which technology. They are asked in the order of CONFIDENTIAL_RULES
 * (precedence.ts). The CPU's registers and the firmware's answer decide; the kernel's markers (cpuinfo flags,
 * guest device nodes) name the technology when those cannot be read (no root, no msr module), less surely.
 * What a CPU merely supports never counts: an SEV-capable host shows the same cpuinfo flags and CPUID bits,
 * but no hypervisor.
 */
import type { Gathered } from '../probes/index.ts';
import { CPUINFO } from '../probes/cpuinfo.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import type { Confidential } from '../model/facts.generated.ts';
import type { Confidence } from '../model/ids.ts';
import { cite } from './cite.ts';
import type { Verdict } from './verdict.ts';

type Technology = NonNullable<Confidential>['technology'];
type Source = NonNullable<Confidential>['sources'][number];

/** A rule's answer: a technology, or (from a register or firmware that was read) that there is none. */
export interface ConfidentialVerdict extends Verdict<Technology | 'none'> {
  readonly sources: readonly Source[];
}

/** SEV_STATUS bits, most specific first (AMD64 APM vol. 2 §15.34.10, Linux MSR_AMD64_SEV_*_ENABLED). */
const SEV_STATUS_BITS: readonly (readonly [bit: number, technology: Technology])[] = [[4, 'sev-snp'], [2, 'sev-es'], [1, 'sev']];
/** CPUID Fn8000_001F EAX bits 1, 3, 4: the CPU supports SEV, SEV-ES, SEV-SNP (AMD64 APM vol. 3 appendix E). */
const SEV_SUPPORT_BITS: Readonly<Partial<Record<Technology, number>>> = { sev: 2, 'sev-es': 8, 'sev-snp': 16 };
/** cpuinfo flags a guest kernel shows for what is active, most specific first (arch/x86/include/asm/cpufeatures.h). */
const CPUINFO_FLAGS: readonly (readonly [flag: string, technology: Technology])[] = [
  ['tdx_guest', 'tdx'], // X86_FEATURE_TDX_GUEST, set by tdx_early_init() once the TDX leaf answered
  ['sev_snp', 'sev-snp'],
  ['sev_es', 'sev-es'],
  ['sev', 'sev'],
];
/** Guest device nodes: the SNP and TDX guest-request drivers bind only in such a guest (drivers/virt/coco). */
const GUEST_DEVICES: Readonly<Record<string, Technology>> = { 'sev-guest': 'sev-snp', 'tdx-guest': 'tdx' };
/** Hyper-V isolation types (0x4000000C EBX bits 3:0, Linux HV_ISOLATION_TYPE_*); 1 (VBS) is software isolation. */
const HYPERV_ISOLATION_TYPES: Readonly<Record<number, Technology>> = { 2: 'sev-snp', 3: 'tdx' };
/** Interfaces listed in `sources` whatever decided: where attestation goes (configfs-tsm names no technology). */
const ATTESTATION: ReadonlySet<string> = new Set(['sev-guest', 'tdx-guest', 'tsm-report']);

const verdict = (id: ConfidentialVerdict['id'], confidence: Confidence, signal: Signal<unknown>, source: Source): ConfidentialVerdict => ({
  id,
  confidence,
  variant: null,
  evidence: [cite('confidential', signal, `confidential=${id}`)],
  sources: [source],
});

/** Azure and Hyper-V isolated VMs: a paravisor hides AMD's leaf, the MSR and the TDX leaf; Hyper-V's leaves say it. */
export function hypervIsolation(g: Gathered): ConfidentialVerdict | undefined {
  const s = g.confidential.hypervIsolation;
  const technology = s && HYPERV_ISOLATION_TYPES[s.value.type];
  return s && technology && verdict(technology, 'high', s, s.value.paravisor ? 'paravisor' : 'cpuid');
}

/** AMD: SEV_STATUS says what is active (root and the msr module). */
export function sevStatus(g: Gathered): ConfidentialVerdict | undefined {
  const s = g.confidential.sevStatus;
  return s && verdict(SEV_STATUS_BITS.find(([bit]) => s.value & bit)?.[1] ?? 'none', 'high', s, 'msr');
}

/** Intel: only a TDX module answers CPUID leaf 0x21 with "IntelTDX    ". */
export function tdxLeaf(g: Gathered): ConfidentialVerdict | undefined {
  const s = g.confidential.tdxLeaf;
  return s && verdict(s.value ? 'tdx' : 'none', 'high', s, 'cpuid');
}

/** IBM Z: the ultravisor's answer, as the kernel publishes it. */
export function s390Ultravisor(g: Gathered): ConfidentialVerdict | undefined {
  const s = g.confidential.protVirtGuest;
  return s && verdict(s.value ? 'protvirt' : 'none', 'high', s, 'ultravisor');
}

/** Arm: the kernel registers arm-cca-dev only once the Realm Services Interface answered (is_realm_world()). */
export function armRealm(g: Gathered): ConfidentialVerdict | undefined {
  const s = g.confidential.interfaces.find((i) => i.value === 'realm');
  return s && verdict('cca', 'high', s, 'realm');
}

/** What the kernel shows only in such a guest: cpuinfo flags (beside `hypervisor`), guest device nodes. */
function kernelMarkers(g: Gathered): ConfidentialVerdict[] {
  const out: ConfidentialVerdict[] = [];
  const flags = g.cpuinfo.flags;
  // An SEV-capable host shows the same flags, without `hypervisor`.
  const flag = flags.has('hypervisor') ? CPUINFO_FLAGS.find(([name]) => flags.has(name)) : undefined;
  if (flag !== undefined) {
    const shown = CPUINFO_FLAGS.filter(([name]) => flags.has(name)).map(([name]) => name).reverse().join(' ');
    out.push(verdict(flag[1], 'medium', { path: `${CPUINFO}:flags`, raw: `hypervisor ${shown}`, value: shown }, 'cpuinfo'));
  }
  for (const s of g.confidential.interfaces) {
    const technology = GUEST_DEVICES[s.value];
    if (technology !== undefined) out.push(verdict(technology, 'medium', s, s.value as Source));
  }
  return out;
}

/**
 * Without the registers, the kernel's markers name the technology at medium confidence; the CPU's support bit
 * for it (readable where only the msr module is missing) makes it high.
 */
export function guestMarkers(g: Gathered): ConfidentialVerdict | undefined {
  const first = kernelMarkers(g)[0];
  const support = g.confidential.sevSupport;
  const bit = first && SEV_SUPPORT_BITS[first.id as Technology];
  if (!first || !support || !bit || !(support.value & bit)) return first;
  return { ...first, confidence: 'high', evidence: [...first.evidence, cite('confidential', support, `confidential=${first.id} supported`)], sources: ['cpuid', ...first.sources] };
}

export interface ConfidentialDetails {
  readonly confidential: Confidential | null;
  /** How sure a non-null answer is; undefined for null. */
  readonly confidence: Confidence | undefined;
  readonly evidence: readonly EvidenceItem[];
  readonly warnings: readonly string[];
}

const SOURCE_ORDER: readonly Source[] = ['cpuid', 'msr', 'paravisor', 'cpuinfo', 'ultravisor', 'realm', 'sev-guest', 'tdx-guest', 'tsm-report'];

/** The facts from the deciding verdict: markers that agree add their sources, those that do not become warnings. */
export function confidentialDetails(g: Gathered, decided: ConfidentialVerdict | undefined): ConfidentialDetails {
  const evidence = [...(decided?.evidence ?? [])];
  const warnings: string[] = [];
  const sources = new Set(decided?.sources);
  for (const marker of decided ? kernelMarkers(g) : []) {
    if (marker.id === decided?.id) sources.add(marker.sources[0] as Source);
    else warnings.push(`${marker.evidence[0]?.path} suggests ${marker.evidence[0]?.supports}, overruled by ${decided?.evidence[0]?.path}`);
    evidence.push(...marker.evidence);
  }
  if (decided === undefined || decided.id === 'none') return { confidential: null, confidence: undefined, evidence, warnings };
  for (const s of g.confidential.interfaces) {
    if (ATTESTATION.has(s.value) && !sources.has(s.value as Source)) {
      sources.add(s.value as Source);
      evidence.push(cite('confidential', s, `confidential attestation: ${s.value}`));
    }
  }
  return { confidential: { technology: decided.id, sources: SOURCE_ORDER.filter((s) => sources.has(s)) }, confidence: decided.confidence, evidence, warnings };
}
