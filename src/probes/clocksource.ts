/**
 * The kernel's clocksources (0444). Paravirtual clocks register only when the kernel recognised the
 * hypervisor: `xen` (arch/x86/xen/time.c), `kvm-clock` (arch/x86/kernel/kvmclock.c, needs KVM's CPUID
 * leaves), `hyperv_clocksource_tsc_page` (drivers/clocksource/hyperv_timer.c). So they name the hypervisor
 * without root, where CPUID cannot be read.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { words } from '../model/text.ts';

const DIR = '/sys/devices/system/clocksource/clocksource0';

export interface ClocksourceFacts {
  readonly current: Signal | undefined;
  readonly available: Signal<readonly string[]> | undefined;
}

export function probeClocksource(ctx: ProbeContext): ClocksourceFacts {
  const current = ctx.line(`${DIR}/current_clocksource`);
  const available = ctx.line(`${DIR}/available_clocksource`);
  return {
    current: current === undefined || current === '' ? undefined : signal(`${DIR}/current_clocksource`, current, current),
    available:
      available === undefined ? undefined : signal(`${DIR}/available_clocksource`, available, words(available)),
  };
}
