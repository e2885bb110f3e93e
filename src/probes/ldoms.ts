/**
 * SPARC sun4v logical domains: every sun4v system runs on the hypervisor in its firmware, and the control
 * domain is the one with the vlds control and service-processor channels (virt-what's ldoms-control test).
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const VLDS = '/sys/class/vlds';

export interface LdomsFacts {
  /** true: /sys/class/vlds has ctrl and sp (the control domain); false: vlds without them. */
  readonly controlDomain: Signal<boolean> | undefined;
}

export function probeLdoms(ctx: ProbeContext): LdomsFacts {
  const names = ctx.names(VLDS);
  if (names.length === 0) return { controlDomain: undefined };
  const control = names.includes('ctrl') && names.includes('sp');
  return { controlDomain: signal(VLDS, names.slice(0, 8).join(' '), control) };
}
