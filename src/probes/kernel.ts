/** The running kernel's release string: WSL kernels name themselves ("4.4.0-19041-Microsoft", "...-microsoft-standard-WSL2"). */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export interface KernelFacts {
  readonly osrelease: Signal | undefined;
}

export function probeKernel(ctx: ProbeContext): KernelFacts {
  const release = ctx.line('/proc/sys/kernel/osrelease');
  return { osrelease: release === undefined ? undefined : signal('/proc/sys/kernel/osrelease', release, release) };
}
