/** A summary for a person at a terminal. */
import type { VirtFacts } from '../model/facts.generated.ts';
import { printable } from '../model/text.ts';

const yes = (value: boolean): string => (value ? 'yes' : 'no');
const dash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '-' : printable(value));

export function renderText(facts: VirtFacts): string {
  const rows: [string, string][] = [];
  const hv = facts.hypervisor;
  rows.push(['vm', facts.vm === 'none' ? 'none (bare metal or container host)' : `${facts.vm}${hv ? ` (${hv.vendor}${hv.version ? ` ${hv.version}` : ''})` : ''}, mode ${facts.mode}`]);
  if (hv?.signature) rows.push(['cpuid', hv.signature]);
  rows.push(['container', facts.container]);
  rows.push(['role', facts.role]);
  rows.push(['layers', facts.layers.length === 0 ? '-' : facts.layers.map((l) => `${l.kind}:${l.id}${l.variant ? ` (${l.variant})` : ''}`).join(' > ')]);
  if (facts.xen) {
    rows.push(['xen', `${facts.xen.domain}, ${facts.xen.guest_type}, PV drivers ${yes(facts.xen.pv_drivers)}, platform PCI ${facts.xen.platform_pci}`]);
  }
  const devices = [...facts.paravirt.block.map((d) => `${d.device}=${dash(d.driver)}`), ...facts.paravirt.net.map((d) => `${d.interface}=${dash(d.driver)}`)];
  rows.push(['devices', devices.length === 0 ? '-' : devices.join(' ')]);
  rows.push(['clock', `${dash(facts.paravirt.clocksource.current)}${facts.paravirt.clocksource.paravirtual ? ' (paravirtual)' : ''}`]);
  rows.push(['balloon', dash(facts.paravirt.balloon)]);
  if (facts.paravirt.other.length > 0) rows.push(['other pv', facts.paravirt.other.join(' ')]);
  if (facts.paravirt.emulated.length > 0) rows.push(['emulated', facts.paravirt.emulated.join(' ')]);
  rows.push(['cloud', facts.cloud ? `${facts.cloud.provider}${facts.cloud.platform ? ` (${facts.cloud.platform})` : ''}` : '-']);
  rows.push(['confidential', facts.confidential ? `${facts.confidential.technology} (seen by ${facts.confidential.sources.join(', ')})` : '-']);
  rows.push(['host', `/dev/kvm ${yes(facts.host.kvm_device)}, nested ${yes(facts.host.nested)}, dom0 ${yes(facts.host.xen_dom0)}`]);
  const t = facts.tuning;
  rows.push(['tuning', `tuned ${dash(t.tuned_profile)}, I/O scheduler ${dash(t.io_scheduler)}, guest agent ${dash(t.guest_agent)}, install PV drivers ${yes(t.install_pv_drivers)}`]);
  rows.push(['confidence', facts.confidence]);
  for (const warning of facts.warnings) rows.push(['warning', printable(warning, 400)]);
  for (const error of facts.errors) rows.push(['unreadable', `${error.path} (${error.code})`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
