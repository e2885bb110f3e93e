/**
 * IBM Z: /proc/sysinfo (arch/s390/kernel/sysinfo.c). "VM00 Control Program:" names the hypervisor below the
 * guest (z/VM, KVM/Linux); only LPAR lines means Linux runs in a logical partition under PR/SM.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const SYSINFO = '/proc/sysinfo';

export interface SysinfoFacts {
  /** The innermost "VMnn Control Program" value, e.g. "z/VM    7.3.0", "KVM/Linux". */
  readonly controlProgram: Signal | undefined;
  /** An "LPAR Name:" line (any Linux on Z runs in an LPAR, directly or below z/VM). */
  readonly lpar: Signal | undefined;
}

export function parseControlProgram(text: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^VM\d\d Control Program:\s*(.*)$/.exec(line);
    if (match) found = (match[1] as string).trim();
  }
  return found;
}

export function probeSysinfo(ctx: ProbeContext): SysinfoFacts {
  const text = ctx.text(SYSINFO);
  if (!text.ok) return { controlProgram: undefined, lpar: undefined };
  const program = parseControlProgram(text.value);
  const lpar = /^LPAR Name:\s*(.*)$/m.exec(text.value)?.[1]?.trim();
  return {
    controlProgram: program === undefined ? undefined : signal(`${SYSINFO}:VMnn Control Program`, program, program),
    lpar: lpar === undefined ? undefined : signal(`${SYSINFO}:LPAR Name`, '(present)', lpar),
  };
}
