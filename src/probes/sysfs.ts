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

/** Driver and bus from a `driver` link (`../../bus/<bus>/drivers/<driver>`). */
function boundDriver(ctx: ProbeContext, deviceDir: string): { driver: string; bus: string | undefined } | undefined {
  const target = ctx.link(`${deviceDir}/driver`);
  if (!target.ok) return undefined;
  const parts = target.value.split('/');
  const at = parts.lastIndexOf('drivers');
  return { driver: posix.basename(target.value), bus: at > 0 ? parts[at - 1] : undefined };
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

/** `0x1af4\n` -> `1af4`. */
export function hexId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  const digits = value.slice(2);
  if (!value.startsWith('0x') || digits.length > 8 || !isHexDigits(digits)) return undefined;
  return digits.toLowerCase().padStart(4, '0');
}
