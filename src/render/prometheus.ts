/**
 * node_exporter textfile collector (consumers.md §4): text exposition format, an info-style gauge with the
 * facts in labels, per-driver gauges, no timestamps (a file with them is dropped whole), and TYPE gauge, not
 * the OpenMetrics `info` type (rejected by node_exporter's parser).
 */
import type { VirtFacts } from '../model/facts.generated.ts';
import { printable } from '../model/text.ts';

/** Label values per the exposition format: backslash, double quote and newline escaped; bounded and printable. */
export function labelValue(value: string): string {
  return printable(value, 120).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const labels = (pairs: Readonly<Record<string, string>>): string =>
  `{${Object.entries(pairs).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}`;

function metric(lines: string[], name: string, help: string, samples: readonly (readonly [Readonly<Record<string, string>>, number])[]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  for (const [pairs, value] of samples) lines.push(`${name}${Object.keys(pairs).length > 0 ? labels(pairs) : ''} ${value}`);
}

export function renderPrometheus(facts: VirtFacts): string {
  const lines: string[] = [];
  metric(lines, 'virt_facts_info', 'Virtualization facts of this host (constant 1; the facts are the labels).', [
    [{ vm: facts.vm, container: facts.container, mode: facts.mode, role: facts.role, cloud: facts.cloud?.provider ?? 'none', confidence: facts.confidence }, 1],
  ]);
  if (facts.xen !== null) {
    metric(lines, 'virt_facts_xen_info', 'Xen domain facts (constant 1).', [
      [{ domain: facts.xen.domain, guest_type: facts.xen.guest_type, pv_drivers: String(facts.xen.pv_drivers), platform_pci: facts.xen.platform_pci }, 1],
    ]);
  }
  const counts = new Map<string, { pairs: Record<string, string>; n: number }>();
  const count = (kind: string, driver: string | null, paravirtual: boolean) => {
    const pairs = { class: kind, driver: driver ?? 'unknown', paravirtual: String(paravirtual) };
    const key = JSON.stringify(pairs);
    counts.set(key, { pairs, n: (counts.get(key)?.n ?? 0) + 1 });
  };
  for (const d of facts.paravirt.block) count('block', d.driver, d.paravirtual);
  for (const d of facts.paravirt.net) count('net', d.driver, d.paravirtual);
  metric(lines, 'virt_facts_devices', 'Disks and NICs by driver class and driver.', [...counts.values()].map(({ pairs, n }) => [pairs, n] as const));
  metric(lines, 'virt_facts_paravirt_complete', 'Every disk and NIC is on a paravirtual driver (1) or not (0).', [[{}, facts.paravirt.complete ? 1 : 0]]);
  metric(lines, 'virt_facts_clocksource_paravirtual', 'The current clocksource is paravirtual (1) or not (0).', [
    [{ clocksource: facts.paravirt.clocksource.current ?? 'unknown' }, facts.paravirt.clocksource.paravirtual ? 1 : 0],
  ]);
  metric(lines, 'virt_facts_confidential', 'A confidential guest (1), its memory encrypted from the host, by technology; 0 with technology "none".', [
    [{ technology: facts.confidential?.technology ?? 'none' }, facts.confidential === null ? 0 : 1],
  ]);
  metric(lines, 'virt_facts_install_pv_drivers', 'An HVM guest whose PV drivers are missing (1).', [[{}, facts.tuning.install_pv_drivers ? 1 : 0]]);
  metric(lines, 'virt_facts_unreadable_sources', 'Sources that could not be read (see `virt-facts explain`).', [[{}, facts.errors.length]]);
  return `${lines.join('\n')}\n`;
}
