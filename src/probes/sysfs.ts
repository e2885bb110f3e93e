/**
 * Helpers for sysfs device links. sysfs is full of cycles (`subsystem`, `driver`, `device`), so nothing here
 * walks it recursively: links are read one at a time and ancestors are visited to a fixed depth.
 */
import { posix } from 'node:path';
import type { ProbeContext } from './context.ts';
import { isHexDigits } from '../model/text.ts';

/** Where a symbolic link points, as an absolute path inside the root; undefined when it is not a link. */
export function linkTarget(ctx: ProbeContext, path: string): string | undefined {
  const target = ctx.link(path);
  return target.ok ? posix.resolve(posix.dirname(path), target.value) : undefined;
}

/** The driver bound to a device directory: the last component of its `driver` link. */
export function driverOf(ctx: ProbeContext, deviceDir: string): string | undefined {
  return boundDriver(ctx, deviceDir)?.driver;
}

/**
 * The last component of a path, as posix.basename gives it. Written out: Node compiles each of its functions on a
 * process's first call, and basename was the only one of node:path that a fact run called and Node's own start-up
 * had not (0.1 ms of every run, measured with --log-function-events).
 */
export function lastComponent(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** Driver and bus from a `driver` link (`../../bus/<bus>/drivers/<driver>`). */
function boundDriver(ctx: ProbeContext, deviceDir: string): { driver: string; bus: string | undefined } | undefined {
  const target = ctx.link(`${deviceDir}/driver`);
  if (!target.ok) return undefined;
  const parts = target.value.split('/');
  const at = parts.lastIndexOf('drivers');
  return { driver: lastComponent(target.value), bus: at > 0 ? parts[at - 1] : undefined };
}

/**
 * Class drivers sit between a disk and the adapter that carries it (sd for every SCSI disk, whether the
 * adapter is virtio_scsi, hv_storvsc, vmw_pvscsi or ata_piix), so the walk goes past them.
 */
const CLASS_DRIVERS = new Set(['sd', 'sr', 'scsi_disk']);
/** A disk sits at most ~6 levels below its adapter (pci/ata1/host0/target0:0:0/0:0:0:0/block/sda). */
const MAX_ANCESTORS = 8;

export interface BoundDevice {
  /** The device directory that carries the driver. */
  readonly dir: string;
  readonly driver: string;
  /** The bus the driver is registered on (pci, virtio, xen, xen-backend, vmbus, ...). */
  readonly bus: string | undefined;
}

/** The nearest ancestor of `deviceDir` (itself included) bound to a driver that is not a class driver. */
export function carrierOf(ctx: ProbeContext, deviceDir: string): BoundDevice | undefined {
  let dir = deviceDir;
  for (let depth = 0; depth < MAX_ANCESTORS && dir.startsWith('/sys/devices/'); depth++) {
    const bound = boundDriver(ctx, dir);
    if (bound !== undefined && !CLASS_DRIVERS.has(bound.driver)) return { dir, ...bound };
    dir = posix.dirname(dir);
  }
  return undefined;
}

/**
 * A PCI device's sysfs name, `dddd:bb:ss.f`: the kernel prints it with "%04x:%02x:%02x.%d" (drivers/pci/probe.c,
 * pci_setup_device), so the domain has four hex digits or more (VMD and Hyper-V use larger ones). Written out rather
 * than as a regular expression: a fact run compiles every pattern it uses, and this one is on the path of every disk
 * and interface.
 */
export function isPciAddress(name: string): boolean {
  const [domain, bus, slotFunction, extra] = name.split(':');
  if (domain === undefined || bus === undefined || slotFunction === undefined || extra !== undefined) return false;
  const [slot, fn, more] = slotFunction.split('.');
  return (
    domain.length >= 4 && isLowerHex(domain) && bus.length === 2 && isLowerHex(bus) && slot?.length === 2 && isLowerHex(slot) && more === undefined && fn?.length === 1 && fn >= '0' && fn <= '7'
  );
}

const isLowerHex = (text: string): boolean => isHexDigits(text) && text === text.toLowerCase();

/** `0x1af4\n` -> `1af4`. */
export function hexId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  return value.startsWith('0x') ? idForm(value.slice(2)) : undefined;
}

/** 1 to 8 hex digits as ids are shown: lower case, at least four digits ("1AF4" -> "1af4", "10" -> "0010"). */
function idForm(digits: string): string | undefined {
  return digits.length <= 8 && isHexDigits(digits) ? digits.toLowerCase().padStart(4, '0') : undefined;
}

/**
 * A device's `uevent` attribute (drivers/base/core.c dev_uevent): KEY=VALUE lines, among them DRIVER (the bound
 * driver's name, as the `driver` link ends), PCI_ID (pci_uevent: "1AF4:1041") and MODALIAS
 * ("virtio:d00000001v00001AF4"). One read answers what otherwise takes two reads and a link, and has no error
 * for a device without a driver; undefined when the attribute is absent (captures and fixtures may lack it).
 */
export function ueventOf(ctx: ProbeContext, deviceDir: string): Map<string, string> | undefined {
  const text = ctx.text(`${deviceDir}/uevent`, 4096);
  return text.ok ? parseUevent(text.value) : undefined;
}

export function parseUevent(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) fields.set(line.slice(0, equals), line.slice(equals + 1).trim());
  }
  return fields;
}

/** PCI_ID "1AF4:1041" -> vendor and device as hexId writes them ("1af4", "1041"). */
export const pciIdOf = (uevent: Map<string, string> | undefined): { vendor: string; device: string } | undefined => idPair(uevent?.get('PCI_ID'));

/** "1AF4:1100" (PCI_ID, PCI_SUBSYS_ID) -> { vendor: "1af4", device: "1100" }. */
export function idPair(text: string | undefined): { vendor: string; device: string } | undefined {
  const [vendorDigits, deviceDigits, extra] = (text ?? '').split(':');
  if (vendorDigits === undefined || deviceDigits === undefined || extra !== undefined) return undefined;
  const vendor = idForm(vendorDigits);
  const device = idForm(deviceDigits);
  return vendor === undefined || device === undefined ? undefined : { vendor, device };
}

/** The virtio device id from MODALIAS "virtio:d00000001v00001AF4" (include/linux/mod_devicetable.h), as hexId writes it. */
export function virtioIdOf(uevent: Map<string, string> | undefined): string | undefined {
  const modalias = uevent?.get('MODALIAS') ?? '';
  const vendorAt = modalias.indexOf('v', 'virtio:d'.length);
  if (!modalias.startsWith('virtio:d') || vendorAt === -1) return undefined;
  const id = modalias.slice('virtio:d'.length, vendorAt);
  if (id.length > 8 || !isHexDigits(id)) return undefined;
  // The `device` attribute prints the same id as 0x%04x.
  return Number.parseInt(id, 16).toString(16).padStart(4, '0');
}
