/**
 * PCI devices (no lspci): ids, subsystem ids and bound driver from /sys/bus/pci/devices (0444), or from the
 * older /proc/bus/pci/devices table (drivers/pci/proc.c; what lscpu reads) where sysfs does not show them.
 */
import type { ProbeContext } from './context.ts';
import { driverOf, hexId, idPair, pciIdOf, ueventOf } from './sysfs.ts';
import { isHexDigits } from '../model/text.ts';

const DIR = '/sys/bus/pci/devices';
const PROC_TABLE = '/proc/bus/pci/devices';
/** A large server has a few hundred functions; beyond this the list is not evidence of anything new. */
const MAX_DEVICES = 512;

export interface PciDevice {
  readonly path: string;
  readonly slot: string;
  readonly vendor: string;
  readonly device: string;
  /** Subsystem `vendor:device` (QEMU stamps its emulated devices 1af4:1100), when shown. */
  readonly subsystem: string | undefined;
  readonly driver: string | undefined;
}

/**
 * Lines of /proc/bus/pci/devices: `BBDF<TAB>VVVVDDDD<TAB>irq<TAB>...`, the driver's name last when one is bound
 * (drivers/pci/proc.c show_device()). Devices in PCI domains other than 0 are not listed there.
 */
export function parseProcPciTable(text: string): { slot: string; vendor: string; device: string; driver: string | undefined }[] {
  const devices = [];
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    const [slot, ids] = fields;
    if (slot === undefined || ids === undefined || slot.length !== 4 || ids.length !== 8 || !isHexDigits(slot) || !isHexDigits(ids)) continue;
    // bus/devfn, ids, irq, 7 base addresses, 7 sizes, then the driver: empty when none is bound.
    const driver = fields[17]?.trim();
    devices.push({ slot, vendor: ids.slice(0, 4).toLowerCase(), device: ids.slice(4).toLowerCase(), driver: driver || undefined });
  }
  return devices;
}

export function probePci(ctx: ProbeContext): readonly PciDevice[] {
  const slots = ctx.list(DIR);
  if (!slots.ok) {
    const table = ctx.text(PROC_TABLE);
    if (!table.ok) return [];
    return parseProcPciTable(table.value)
      .slice(0, MAX_DEVICES)
      .map((d) => ({ path: `${PROC_TABLE}:${d.slot}`, ...d, subsystem: undefined }));
  }
  const devices: PciDevice[] = [];
  for (const slot of slots.value.slice(0, MAX_DEVICES)) {
    const path = `${DIR}/${slot}`;
    const uevent = ueventOf(ctx, path);
    const ids = pciIdOf(uevent);
    if (ids !== undefined) {
      const subsystem = idPair(uevent?.get('PCI_SUBSYS_ID'));
      devices.push({ path, slot, ...ids, subsystem: subsystem && `${subsystem.vendor}:${subsystem.device}`, driver: uevent?.get('DRIVER') || undefined });
      continue;
    }
    const vendor = hexId(ctx.line(`${path}/vendor`));
    const device = hexId(ctx.line(`${path}/device`));
    if (vendor === undefined || device === undefined) continue;
    const subVendor = hexId(ctx.line(`${path}/subsystem_vendor`));
    const subDevice = subVendor === undefined ? undefined : hexId(ctx.line(`${path}/subsystem_device`));
    devices.push({ path, slot, vendor, device, subsystem: subDevice && `${subVendor}:${subDevice}`, driver: driverOf(ctx, path) });
  }
  return devices;
}
