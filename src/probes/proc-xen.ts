/**
 * /proc/xen: the xenfs mount point, created only when the kernel runs on Xen (drivers/xen/xenfs/super.c).
 * Empty until xenfs is mounted; then `capabilities` says "control_d" in the control domain only.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const DIR = '/proc/xen';

export interface ProcXenFacts {
  readonly present: Signal<boolean> | undefined;
  /** xenfs is mounted (the directory has entries). */
  readonly mounted: boolean;
  readonly capabilities: Signal | undefined;
}

export function probeProcXen(ctx: ProbeContext): ProcXenFacts {
  const listing = ctx.list(DIR);
  if (!listing.ok) return { present: undefined, mounted: false, capabilities: undefined };
  const entries = listing.value.filter((name) => !name.startsWith('.'));
  const capabilities = entries.includes('capabilities') ? ctx.text(`${DIR}/capabilities`) : undefined;
  const caps = capabilities?.ok ? capabilities.value.trim() : undefined;
  return {
    present: signal(DIR, entries.length > 0 ? entries.join(' ') : '(empty: xenfs not mounted)', true),
    mounted: entries.length > 0,
    capabilities: caps === undefined ? undefined : signal(`${DIR}/capabilities`, caps === '' ? '(empty)' : caps, caps),
  };
}
