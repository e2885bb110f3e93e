/**
 * Disks (/sys/block) and network interfaces (/sys/class/net) with the driver that actually carries them,
 * found by following each device's link and walking up to the first bound adapter. Virtual devices
 * (loop, zram, device-mapper, bridges, veth, lo) live under /sys/devices/virtual and are skipped, as are
 * Xen back-end devices, which belong to guests.
 */
import { posix } from 'node:path';
import type { ProbeContext } from './context.ts';
import { carrierOf, hexId, isPciAddress, lastComponent, linkTarget, pciIdOf, ueventOf } from './sysfs.ts';
import { isDigits } from '../model/text.ts';

const BLOCK_DIR = '/sys/block';
const NET_DIR = '/sys/class/net';
const MAX_ENTRIES = 256;

export interface CarriedDevice {
  /** Disk or interface name (vda, xvda, sda, eth0). */
  readonly name: string;
  /** The sysfs path that was followed (shown in evidence). */
  readonly path: string;
  readonly driver: string | undefined;
  /** PCI vendor:device of the carrier when it is a PCI function. */
  readonly pciId: string | undefined;
}

/**
 * Disks passed over by name, `<prefix><digits>`. Those their drivers always create under /sys/devices/virtual/block:
 * loop%d (drivers/block/loop.c), ram%d (brd.c), zram%d (zram/zram_drv.c), dm-%d (md/dm.c), md%d (md/md.c), nbd%d
 * (nbd.c); known by name, they cost no link read (an Ubuntu host with snaps has dozens of loop devices) and cannot
 * crowd the disks that matter out of the MAX_ENTRIES looked at. And optical and floppy drives (sr%d, fd%d), which stay
 * emulated in PV-on-HVM guests and carry no data path worth tuning.
 */
const PASSED_DISK_PREFIXES = ['loop', 'ram', 'zram', 'dm-', 'md', 'nbd', 'sr', 'fd'];
const isPassedDiskName = (name: string): boolean => PASSED_DISK_PREFIXES.some((prefix) => name.startsWith(prefix) && isDigits(name.slice(prefix.length)));

function carried(ctx: ProbeContext, listDir: string, classDirName: string): CarriedDevice[] {
  const devices: CarriedDevice[] = [];
  const names = ctx.names(listDir).filter((name) => classDirName !== 'block' || !isPassedDiskName(name));
  for (const name of names.slice(0, MAX_ENTRIES)) {
    const path = `${listDir}/${name}`;
    const target = linkTarget(ctx, path);
    if (target === undefined || target.startsWith('/sys/devices/virtual/')) continue;
    // .../<device>/block/vda, .../<device>/net/eth0: the device is two levels up. NVMe namespaces hang directly
    // off their controller (.../nvme/nvme0/nvme0n1), one level up.
    const parent = posix.dirname(target);
    const deviceDir = lastComponent(parent) === classDirName ? posix.dirname(parent) : classDirName === 'block' ? parent : undefined;
    if (deviceDir === undefined) continue;
    const carrier = carrierOf(ctx, deviceDir);
    // Xen back-ends in dom0 (netback's vifD.N, blkback) are the guests' devices, not this machine's.
    if (carrier?.bus === 'xen-backend') continue;
    let pciId: string | undefined;
    if (carrier !== undefined && isPciAddress(lastComponent(carrier.dir))) {
      const ids = pciIdOf(ueventOf(ctx, carrier.dir));
      const vendor = ids?.vendor ?? hexId(ctx.line(`${carrier.dir}/vendor`));
      const device = ids?.device ?? hexId(ctx.line(`${carrier.dir}/device`));
      if (vendor !== undefined && device !== undefined) pciId = `${vendor}:${device}`;
    }
    devices.push({ name, path, driver: carrier?.driver, pciId });
  }
  return devices;
}

export const probeBlockDevices = (ctx: ProbeContext): readonly CarriedDevice[] => carried(ctx, BLOCK_DIR, 'block');
export const probeNetDevices = (ctx: ProbeContext): readonly CarriedDevice[] => carried(ctx, NET_DIR, 'net');
