/** `virt-facts explain`: every probe, what it read, what was concluded, what was overruled, what could not be read. */
import type { Access } from '../host/recording.ts';
import type { VirtFacts } from '../model/facts.generated.ts';
import { printable } from '../model/text.ts';

/**
 * What root would change for the sources that refuse other users (consumers.md, evidence.md §1.10). The register
 * devices are keyed `/dev/cpu/N/...`: the probes read the current CPU's (cpuDevice in probes/cpuid.ts).
 */
const ROOT_ONLY: Readonly<Record<string, string>> = {
  '/dev/cpu/N/cpuid': 'mode 0600: as root (with the cpuid module) the CPUID signature would decide the hypervisor',
  '/dev/cpu/N/msr': 'mode 0600: as root (with the msr module) SEV_STATUS would say which AMD SEV technology is active',
  '/proc/1/environ': "needs CAP_SYS_PTRACE over PID 1: as root, PID 1's container= would be read",
  '/sys/firmware/dmi/entries/0-0/raw': 'root-only: as root the SMBIOS "virtual machine" bit would tell EC2 VMs from bare metal',
};

/** `/dev/cpu/3/msr` as `/dev/cpu/N/msr`: the key of ROOT_ONLY. */
const anyCpu = (path: string): string => path.replace(/^\/dev\/cpu\/\d+\//, '/dev/cpu/N/');

const MAX_PATHS_PER_PROBE = 12;

function outcome(access: Access): string {
  if (access.result.ok) return access.op === 'list' ? 'listed' : access.op === 'kind' ? 'exists' : access.op === 'link' ? 'link' : 'read';
  return access.result.code === 'ENOENT' || access.result.code === 'ENOTDIR' ? 'absent' : access.result.code;
}

export function renderExplanation(facts: VirtFacts, root: string, accesses: ReadonlyMap<string, readonly Access[]>, isRoot: boolean): string {
  const out: string[] = [];
  out.push(`virt-facts explain (root ${root}${isRoot ? ', running as root' : ', running unprivileged'})`, '');
  out.push(`Answer: vm ${facts.vm}, container ${facts.container}, role ${facts.role}, mode ${facts.mode}; confidence ${facts.confidence}`);
  if (facts.confidential) out.push(`Confidential guest: ${facts.confidential.technology}, seen by ${facts.confidential.sources.join(', ')}`);
  if (facts.layers.length > 0) out.push(`Layers, outermost first: ${facts.layers.map((l) => `${l.kind} ${l.id}${l.variant ? ` (${l.variant})` : ''}`).join(' > ')}`);
  out.push('', 'What each probe read:');
  for (const [probe, list] of accesses) {
    const seen = new Map<string, string>();
    for (const access of list) seen.set(access.path, outcome(access));
    const entries = [...seen.entries()];
    const shown = entries.slice(0, MAX_PATHS_PER_PROBE).map(([path, result]) => `${printable(path, 120)} (${result})`);
    const more = entries.length > MAX_PATHS_PER_PROBE ? `, and ${entries.length - MAX_PATHS_PER_PROBE} more` : '';
    out.push(`  ${probe}: ${shown.length === 0 ? 'nothing' : shown.join(', ')}${more}`);
  }
  out.push('', 'What was concluded, and from what:');
  if (facts.evidence.length === 0) out.push('  (no evidence recorded)');
  for (const e of facts.evidence) out.push(`  [${e.probe}] ${e.path} = ${JSON.stringify(e.value)}  ->  ${e.supports}`);
  if (facts.warnings.length > 0) {
    out.push('', 'Overruled or contradictory signals:');
    for (const w of facts.warnings) out.push(`  ${w}`);
  }
  out.push('', 'Could not read:');
  if (facts.errors.length === 0) out.push('  (nothing: every source that exists was readable)');
  for (const e of facts.errors) {
    const hint = ROOT_ONLY[anyCpu(e.path)];
    const note = hint === undefined ? '' : isRoot ? ' - refused even to root (kernel policy); ' + hint.split(': ')[1] + ' is lost' : ` - ${hint}`;
    out.push(`  ${e.path}: ${e.code} (probe ${e.probe})${note}`);
  }
  return `${out.join('\n')}\n`;
}
