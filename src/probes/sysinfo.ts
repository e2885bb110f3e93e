/**
 * IBM Z: /proc/sysinfo (arch/s390/kernel/sysinfo.c). "VM00 Control Program:" names the hypervisor directly below
 * the guest (z/VM, KVM/Linux), VM01 the one below that when it is itself a guest (systemd and lscpu read VM00);
 * only LPAR lines means Linux runs in a logical partition under PR/SM.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const SYSINFO = '/proc/sysinfo';

export interface SysinfoFacts {
  /** "VM00 Control Program", the hypervisor this Linux runs on, e.g. "z/VM    7.3.0", "KVM/Linux". */
  readonly controlProgram: Signal | undefined;
  /** The control programs below it (VM01, VM02, ...), nearest first: the outer layers of a nested stack. */
  readonly outerControlPrograms: readonly Signal[];
  /** An "LPAR Name:" line (any Linux on Z runs in an LPAR, directly or below z/VM). */
  readonly lpar: Signal | undefined;
}

/** The "VMnn Control Program" values in nn order: VM00 (this guest's hypervisor) first. */
export function parseControlPrograms(text: string): string[] {
  const found: [number, string][] = [];
  for (const line of text.split('\n')) {
    const match = /^VM(\d\d) Control Program:\s*(.*)$/.exec(line);
    if (match) found.push([Number(match[1]), (match[2] as string).trim()]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, program]) => program);
}

export function probeSysinfo(ctx: ProbeContext): SysinfoFacts {
  const text = ctx.text(SYSINFO);
  if (!text.ok) return { controlProgram: undefined, outerControlPrograms: [], lpar: undefined };
  const [program, ...outer] = parseControlPrograms(text.value).map((value, n) => signal(`${SYSINFO}:VM${String(n).padStart(2, "0")} Control Program`, value, value));
  const lpar = /^LPAR Name:\s*(.*)$/m.exec(text.value)?.[1]?.trim();
  return {
    controlProgram: program,
    outerControlPrograms: outer,
    lpar: lpar === undefined ? undefined : signal(`${SYSINFO}:LPAR Name`, '(present)', lpar),
  };
}
