/** Which drivers the guest actually uses for its disks, NICs, clock and memory balloon. */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem } from '../model/evidence.ts';
import type { Paravirt } from '../model/facts.generated.ts';
import type { CarriedDevice } from '../probes/storage-net.ts';
import { cite } from './cite.ts';
import { printable } from '../model/text.ts';
import { BALLOON_DRIVERS, DRIVERS, PARAVIRT_CLOCKSOURCES } from './tables.ts';

/** Paravirtual devices that sit on the PCI bus rather than a paravirtual one. */
const PARAVIRT_PCI_DRIVERS = new Set(['vmw_vmci']); // drivers/misc/vmw_vmci (15ad:0740)

export interface ParavirtDetails {
  readonly paravirt: Paravirt;
  readonly evidence: readonly EvidenceItem[];
}

const moduleOf = (driver: string | undefined): string | null => (driver === undefined ? null : (DRIVERS[driver]?.module ?? printable(driver, 64)));
const kindOf = (driver: string | undefined) => (driver === undefined ? undefined : DRIVERS[driver]?.kind);

function balloonOf(g: Gathered): { driver: string; path: string } | undefined {
  const virtio = g.buses.virtio.find((d) => d.driver !== undefined && BALLOON_DRIVERS[d.driver] !== undefined);
  if (virtio?.driver !== undefined) return { driver: BALLOON_DRIVERS[virtio.driver] as string, path: virtio.path };
  const vmbus = g.buses.vmbus.find((d) => d.driver !== undefined && BALLOON_DRIVERS[d.driver] !== undefined);
  if (vmbus?.driver !== undefined) return { driver: BALLOON_DRIVERS[vmbus.driver] as string, path: vmbus.path };
  if (g.balloon.xen !== undefined) return { driver: 'xen_balloon', path: g.balloon.xen.path };
  if (g.balloon.vmware !== undefined) return { driver: 'vmw_balloon', path: g.balloon.vmware.path };
  return undefined;
}

/** `inVm`: emulated devices are only called emulated inside a VM (ahci and e1000 are real chips on hardware). */
export function paravirtDetails(g: Gathered, inVm: boolean): ParavirtDetails {
  const evidence: EvidenceItem[] = [];
  const describe = (d: CarriedDevice, what: string) => {
    const kind = kindOf(d.driver);
    if (kind === 'paravirtual' || (kind === 'emulated' && inVm)) {
      evidence.push(cite(what, { path: d.path, raw: `${d.name} ${d.driver}${d.pciId ? ` (${d.pciId})` : ''}`, value: d }, `paravirt.${what}: ${moduleOf(d.driver)} ${kind}`));
    }
    return kind === 'paravirtual';
  };
  const block = g.block.map((d) => ({ device: printable(d.name, 64), driver: moduleOf(d.driver), paravirtual: describe(d, 'block') }));
  const net = g.net.map((d) => ({ interface: printable(d.name, 64), driver: moduleOf(d.driver), paravirtual: describe(d, 'net') }));
  const carried = [...g.block, ...g.net];
  const emulated = inVm
    ? [...new Set(carried.filter((d) => kindOf(d.driver) === 'emulated').map((d) => moduleOf(d.driver) as string))].sort()
    : [];
  const current = g.clocksource.current;
  const clockIsPv = current !== undefined && PARAVIRT_CLOCKSOURCES[current.value] !== undefined;
  if (current !== undefined && clockIsPv) evidence.push(cite('clocksource', current, 'paravirt.clocksource: paravirtual'));
  const balloon = balloonOf(g);
  if (balloon !== undefined) evidence.push(cite('balloon', { path: balloon.path, raw: balloon.driver, value: balloon }, `paravirt.balloon=${balloon.driver}`));
  const anyPv = block.some((d) => d.paravirtual) || net.some((d) => d.paravirtual);
  // Every other paravirtual device the guest has bound: virtio console/rng/vsock, Hyper-V utilities and vsock,
  // Xen keyboard/framebuffer/console front-ends, VMware's VMCI (a PCI device, 15ad:0740).
  const carriedDrivers = new Set([...block, ...net].map((d) => d.driver));
  const busDrivers = [...g.buses.virtio, ...g.buses.vmbus, ...g.buses.xen].map((d) => d.driver);
  const pciDrivers = g.pci.map((d) => d.driver).filter((d) => d !== undefined && PARAVIRT_PCI_DRIVERS.has(d));
  const other = [...new Set([...busDrivers, ...pciDrivers].filter((d): d is string => d !== undefined).map((d) => moduleOf(d) as string))]
    .filter((d) => !carriedDrivers.has(d) && d !== balloon?.driver)
    .sort();
  return {
    paravirt: {
      block,
      net,
      clocksource: { current: current === undefined ? null : printable(current.value, 64), available: (g.clocksource.available?.value ?? []).map((c) => printable(c, 64)), paravirtual: clockIsPv },
      balloon: balloon?.driver ?? null,
      other,
      emulated,
      complete: inVm && anyPv && emulated.length === 0 && carried.every((d) => d.driver !== undefined),
    },
    evidence,
  };
}
