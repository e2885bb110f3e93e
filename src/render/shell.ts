/**
 * KEY=value lines that are safe to `source`: every value single-quoted, with embedded quotes closed and
 * escaped, so no string from the system can run anything.
 */
import type { VirtFacts } from '../model/facts.generated.ts';
import { printable } from '../model/text.ts';

export const shellQuote = (value: string): string => `'${printable(value, 400).replace(/'/g, `'\\''`)}'`;

const text = (value: string | boolean | null | undefined): string => (value === null || value === undefined ? '' : String(value));

export function renderShell(facts: VirtFacts): string {
  const pairs: [string, string][] = [
    ['VIRT_VIRTUAL', text(facts.virtual)],
    ['VIRT_ROLE', facts.role],
    ['VIRT_VM', facts.vm],
    ['VIRT_CONTAINER', facts.container],
    ['VIRT_MODE', facts.mode],
    ['VIRT_LAYERS', facts.layers.map((l) => `${l.kind}:${l.id}${l.variant ? `:${l.variant}` : ''}`).join(' ')],
    ['VIRT_HYPERVISOR_VENDOR', text(facts.hypervisor?.vendor)],
    ['VIRT_HYPERVISOR_SIGNATURE', text(facts.hypervisor?.signature)],
    ['VIRT_HYPERVISOR_VERSION', text(facts.hypervisor?.version)],
    ['VIRT_XEN_DOMAIN', text(facts.xen?.domain)],
    ['VIRT_XEN_GUEST_TYPE', text(facts.xen?.guest_type)],
    ['VIRT_XEN_PV_DRIVERS', text(facts.xen?.pv_drivers)],
    ['VIRT_XEN_PLATFORM_PCI', text(facts.xen?.platform_pci)],
    ['VIRT_PARAVIRT_BLOCK', facts.paravirt.block.map((d) => `${d.device}:${d.driver ?? 'unknown'}`).join(' ')],
    ['VIRT_PARAVIRT_NET', facts.paravirt.net.map((d) => `${d.interface}:${d.driver ?? 'unknown'}`).join(' ')],
    ['VIRT_PARAVIRT_CLOCKSOURCE', text(facts.paravirt.clocksource.current)],
    ['VIRT_PARAVIRT_BALLOON', text(facts.paravirt.balloon)],
    ['VIRT_PARAVIRT_OTHER', facts.paravirt.other.join(' ')],
    ['VIRT_PARAVIRT_EMULATED', facts.paravirt.emulated.join(' ')],
    ['VIRT_PARAVIRT_COMPLETE', text(facts.paravirt.complete)],
    ['VIRT_CLOUD_PROVIDER', text(facts.cloud?.provider)],
    ['VIRT_CLOUD_PLATFORM', text(facts.cloud?.platform)],
    ['VIRT_CONFIDENTIAL', text(facts.confidential?.technology)],
    ['VIRT_CONFIDENTIAL_SOURCES', facts.confidential?.sources.join(' ') ?? ''],
    ['VIRT_HOST_KVM_DEVICE', text(facts.host.kvm_device)],
    ['VIRT_HOST_NESTED', text(facts.host.nested)],
    ['VIRT_HOST_XEN_DOM0', text(facts.host.xen_dom0)],
    ['VIRT_TUNED_PROFILE', text(facts.tuning.tuned_profile)],
    ['VIRT_IO_SCHEDULER', text(facts.tuning.io_scheduler)],
    ['VIRT_INSTALL_PV_DRIVERS', text(facts.tuning.install_pv_drivers)],
    ['VIRT_GUEST_AGENT', text(facts.tuning.guest_agent)],
    ['VIRT_CONFIDENCE', facts.confidence],
    ['VIRT_WARNINGS', String(facts.warnings.length)],
    ['VIRT_ERRORS', String(facts.errors.length)],
  ];
  return pairs.map(([key, value]) => `${key}=${shellQuote(value)}\n`).join('');
}
