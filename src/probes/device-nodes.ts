/**
 * Device nodes in /dev that only a hypervisor's guest drivers create: one directory listing, no opens. What
 * each name means is decided in classify/ (tables.ts GUEST_DEVICE_NODES).
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const DEV = '/dev';
/** A host with thousands of disks and terminals lists more; the guest nodes sort among the first few hundred. */
const MAX_ENTRIES = 4096;

export interface DeviceNodeFacts {
  /** Names directly in /dev (a container's /dev holds only what its manager passed in). */
  readonly names: readonly Signal[];
}

export function probeDeviceNodes(ctx: ProbeContext): DeviceNodeFacts {
  return { names: ctx.names(DEV).slice(0, MAX_ENTRIES).map((name) => signal(`${DEV}/${name}`, 'present', name)) };
}
