/**
 * Paravirtual buses: xen (xenbus front-ends: vbd, vif, ...), virtio and vmbus (Hyper-V). A device on one of
 * these buses is itself evidence of the hypervisor family, and its driver says whether the guest uses it.
 */
import type { ProbeContext } from './context.ts';
import { driverOf, hexId, ueventOf, virtioIdOf } from './sysfs.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const MAX_DEVICES = 256;

export interface BusDevice {
  readonly path: string;
  readonly name: string;
  /** virtio: the device id (0001 net, 0002 block, 0003 console, 0005 balloon, ...); xen: devtype. */
  readonly type: string | undefined;
  readonly driver: string | undefined;
}

export interface BusFacts {
  /** Names of virtio-serial ports (/sys/class/virtio-ports/vportNpM/name), e.g. org.qemu.guest_agent.0. */
  readonly virtioPorts: readonly Signal[];
  readonly xen: readonly BusDevice[];
  readonly virtio: readonly BusDevice[];
  readonly vmbus: readonly BusDevice[];
  /**
   * The xenbus front-end bus is registered only when the kernel runs on Xen (drivers/xen/xenbus/
   * xenbus_probe_frontend.c returns -ENODEV elsewhere), with or without devices on it; the back-end bus belongs
   * to a domain that serves others' devices (dom0 or a driver domain).
   */
  readonly xenBus: Signal<{ readonly backend: boolean }> | undefined;
}

/**
 * The devices on a bus with their type and driver. `typeFromUevent`, when given, reads both from the device's
 * uevent in one read; without a uevent (or a type in it) the type file and the driver link are read.
 */
function devicesOn(
  ctx: ProbeContext,
  bus: string,
  typeFile: string | undefined,
  parse: (text: string | undefined) => string | undefined,
  typeFromUevent?: (uevent: Map<string, string> | undefined) => string | undefined,
): BusDevice[] {
  const dir = `/sys/bus/${bus}/devices`;
  return ctx
    .names(dir)
    .slice(0, MAX_DEVICES)
    .map((name) => {
      const path = `${dir}/${name}`;
      const uevent = typeFromUevent === undefined ? undefined : ueventOf(ctx, path);
      const type = typeFromUevent?.(uevent);
      if (type !== undefined) return { path, name, type, driver: uevent?.get('DRIVER') || undefined };
      return { path, name, type: typeFile === undefined ? undefined : parse(ctx.line(`${path}/${typeFile}`)), driver: driverOf(ctx, path) };
    });
}

export function probeBuses(ctx: ProbeContext): BusFacts {
  const same = (text: string | undefined) => text;
  const portsDir = '/sys/class/virtio-ports';
  const virtioPorts: Signal[] = [];
  for (const port of ctx.names(portsDir).slice(0, MAX_DEVICES)) {
    const name = ctx.line(`${portsDir}/${port}/name`);
    if (name !== undefined && name !== '') virtioPorts.push(signal(`${portsDir}/${port}/name`, name, name));
  }
  const xen = devicesOn(ctx, 'xen', 'devtype', same);
  let xenBus: BusFacts['xenBus'];
  if (xen.length > 0 || ctx.exists('/sys/bus/xen') === true) {
    const backend = ctx.exists('/sys/bus/xen-backend') === true;
    xenBus = signal('/sys/bus/xen', `present${backend ? ', with /sys/bus/xen-backend' : ', no /sys/bus/xen-backend'}`, { backend });
  }
  return {
    virtioPorts,
    xenBus,
    xen,
    virtio: devicesOn(ctx, 'virtio', 'device', hexId, virtioIdOf),
    vmbus: devicesOn(ctx, 'vmbus', undefined, same),
  };
}
