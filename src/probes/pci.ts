/** PCI devices from /sys/bus/pci/devices (0444; no lspci): ids and bound driver. */
import type { ProbeContext } from './context.ts';
import { driverOf, hexId, pciIdOf, ueventOf } from './sysfs.ts';

const DIR = '/sys/bus/pci/devices';
/** A large server has a few hundred functions; beyond this the list is not evidence of anything new. */
const MAX_DEVICES = 512;

export interface PciDevice {
  readonly path: string;
  readonly slot: string;
  readonly vendor: string;
  readonly device: string;
  readonly driver: string | undefined;
}

export function probePci(ctx: ProbeContext): readonly PciDevice[] {
  const devices: PciDevice[] = [];
  for (const slot of ctx.names(DIR).slice(0, MAX_DEVICES)) {
    const path = `${DIR}/${slot}`;
    const uevent = ueventOf(ctx, path);
    const ids = pciIdOf(uevent);
    if (ids !== undefined) {
      devices.push({ path, slot, ...ids, driver: uevent?.get('DRIVER') || undefined });
      continue;
    }
    const vendor = hexId(ctx.line(`${path}/vendor`));
    const device = hexId(ctx.line(`${path}/device`));
    if (vendor === undefined || device === undefined) continue;
    devices.push({ path, slot, vendor, device, driver: driverOf(ctx, path) });
  }
  return devices;
}
