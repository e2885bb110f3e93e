/** IBM POWER: /proc/powerpc/lparcfg (arch/powerpc/platforms/pseries/lparcfg.c), linked from /proc/ppc64/lparcfg. */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const PATHS = ['/proc/powerpc/lparcfg', '/proc/ppc64/lparcfg'];

export interface LparcfgFacts {
  /** shared_processor_mode=1: a shared-processor partition (virt-what ibm_power-lpar_shared). */
  readonly sharedProcessorMode: Signal<boolean> | undefined;
}

export function probeLparcfg(ctx: ProbeContext): LparcfgFacts {
  for (const path of PATHS) {
    const text = ctx.text(path);
    if (!text.ok) continue;
    const value = /^shared_processor_mode=(\d)/m.exec(text.value)?.[1];
    if (value !== undefined) return { sharedProcessorMode: signal(`${path}:shared_processor_mode`, value, value === '1') };
  }
  return { sharedProcessorMode: undefined };
}
