/**
 * Loaded kernel modules from /proc/modules (0444; kernel/module/procfs.c: `name size refcnt deps state addr`).
 * Guest drivers that bind only to a hypervisor's devices (vboxguest, hv_vmbus, xen_blkfront, vmw_balloon, ...)
 * are loaded on that hypervisor's guests; what each name means is decided in classify/. Built-in drivers never
 * show here, so the absence of a name says nothing.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { isDigits, words } from '../model/text.ts';

const MODULES = '/proc/modules';
/** A distribution kernel with everything loaded lists a few hundred modules in well under this. */
const MAX_BYTES = 128 * 1024;

export interface ModuleFacts {
  /** Module names as loaded (always with `_`, as the kernel writes them) and their reference counts. */
  readonly loaded: Signal<ReadonlyMap<string, number>> | undefined;
}

/** Name and reference count (the third field; 0 where it is not a number) of each line. */
export function parseModules(text: string): Map<string, number> {
  const modules = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [name, , refcnt] = words(line);
    if (name !== undefined) modules.set(name, refcnt !== undefined && isDigits(refcnt) ? Number(refcnt) : 0);
  }
  return modules;
}

export function probeModules(ctx: ProbeContext): ModuleFacts {
  const text = ctx.text(MODULES, MAX_BYTES);
  if (!text.ok) return { loaded: undefined };
  const modules = parseModules(text.value);
  return { loaded: signal(MODULES, `${modules.size} modules`, modules) };
}
