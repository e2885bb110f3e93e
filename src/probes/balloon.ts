/**
 * Memory balloon drivers that do not show as a bus device: Xen's (drivers/xen/xen-balloon.c registers
 * /sys/devices/system/xen_memory/xen_memory0) and VMware's vmw_balloon (a module with no device node).
 * virtio_balloon and hv_balloon are found on their buses.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const XEN_BALLOON = '/sys/devices/system/xen_memory/xen_memory0';
const VMW_BALLOON = '/sys/module/vmw_balloon';

export interface BalloonFacts {
  readonly xen: Signal<boolean> | undefined;
  readonly vmware: Signal<boolean> | undefined;
}

export function probeBalloon(ctx: ProbeContext): BalloonFacts {
  return {
    xen: ctx.exists(XEN_BALLOON) ? signal(XEN_BALLOON, 'present', true) : undefined,
    vmware: ctx.exists(VMW_BALLOON) ? signal(VMW_BALLOON, 'present', true) : undefined,
  };
}
