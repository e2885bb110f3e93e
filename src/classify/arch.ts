/**
 * The architecture, established before any rule speaks: what a missing sign means depends on it (the x86
 * hypervisor flag exists on x86 only; arm64, POWER, IBM Z, ia64 and SPARC have signs of their own).
 */
import type { Gathered } from '../probes/index.ts';
import type { Signal } from '../model/evidence.ts';
import type { CpuShape } from '../probes/cpuinfo.ts';

export type Arch = CpuShape | 'unknown';

export interface Architecture {
  readonly arch: Arch;
  /** What showed it; undefined when nothing did. */
  readonly signal: Signal<unknown> | undefined;
  /** The root has a flattened device tree: arm, POWER, RISC-V or SPARC, whatever else is unknown. */
  readonly deviceTree: boolean;
}

/** `uname -m` prefixes of each family (the kernel's UTS_MACHINE per arch/<arch>/Makefile). */
const MACHINES: readonly (readonly [prefix: string, arch: Arch])[] = [
  ['x86_64', 'x86'],
  ['i386', 'x86'],
  ['i486', 'x86'],
  ['i586', 'x86'],
  ['i686', 'x86'],
  ['aarch64', 'arm'],
  ['arm', 'arm'],
  ['ppc', 'ppc'],
  ['s390', 's390'],
  ['ia64', 'ia64'],
  ['sparc', 'sparc'],
  ['riscv', 'riscv'],
  ['mips', 'mips'],
  ['loongarch', 'loongarch'],
  ['um', 'um'],
];

export function architectureOf(g: Gathered): Architecture {
  const deviceTree = g.deviceTree.present;
  const known = (arch: Arch, signal: Signal<unknown>): Architecture => ({ arch, signal, deviceTree });
  // UML reports its host's machine name; its cpuinfo is its own.
  if (g.cpuinfo.shape?.value === 'um') return known('um', g.cpuinfo.shape);
  const machine = g.kernel.machine;
  const fromMachine = machine === undefined ? undefined : MACHINES.find(([prefix]) => machine.value.startsWith(prefix))?.[1];
  if (machine !== undefined && fromMachine !== undefined) return known(fromMachine, machine);
  if (g.cpuinfo.shape !== undefined) return known(g.cpuinfo.shape.value, g.cpuinfo.shape);
  // Kernel interfaces that exist on one architecture only.
  if (g.cpuid.hypervisorBit !== undefined) return known('x86', g.cpuid.hypervisorBit); // arch/x86/kernel/cpuid.c
  const mdesc = g.deviceNodes.names.find((n) => n.value === 'mdesc');
  if (mdesc !== undefined) return known('sparc', mdesc); // arch/sparc/kernel/mdesc.c (sun4v)
  const sysinfo = g.sysinfo.lpar ?? g.sysinfo.controlProgram;
  if (sysinfo !== undefined) return known('s390', sysinfo); // arch/s390/kernel/sysinfo.c
  if (g.lparcfg.sharedProcessorMode !== undefined) return known('ppc', g.lparcfg.sharedProcessorMode); // arch/powerpc/platforms/pseries/lparcfg.c
  return { arch: 'unknown', signal: undefined, deviceTree };
}
