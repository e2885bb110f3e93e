/**
 * Loaded kernel modules from /proc/modules (0444; kernel/module/procfs.c: `name size refcnt deps state addr`).
 * Guest drivers that bind only to a hypervisor's devices (vboxguest, hv_vmbus, xen_blkfront, vmw_balloon, ...)
 * are loaded on that hypervisor's guests; what each name means is decided in classify/. Built-in drivers never
 * show here, so the absence of a name says nothing.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const MODULES = '/proc/modules';
/** A distribution kernel with everything loaded lists a few hundred modules in well under this. */
const MAX_BYTES = 128 * 1024;

export interface ModuleFacts {
  /** Module names as loaded (`-` and `_` as the kernel writes them: always `_`). */
  readonly loaded: Signal<ReadonlySet<string>> | undefined;
}

/** The first field of each line. */
export function moduleNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    const name = space === -1 ? line.trim() : line.slice(0, space);
    if (name !== '') names.add(name);
  }
  return names;
}

export function probeModules(ctx: ProbeContext): ModuleFacts {
  const text = ctx.text(MODULES, MAX_BYTES);
  if (!text.ok) return { loaded: undefined };
  const names = moduleNames(text.value);
  return { loaded: signal(MODULES, `${names.size} modules`, names) };
}
