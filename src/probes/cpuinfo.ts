/**
 * /proc/cpuinfo: which architecture's kernel wrote it (each has its own shape), the hypervisor flag
 * (CPUID.1:ECX[31] as an x86 kernel saw it), vmx/svm, and the identity strings hypervisors leave there: the
 * CPU model QEMU and KVM present, POWER's platform line, SPARC's machine type.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { words } from '../model/text.ts';

export const CPUINFO = '/proc/cpuinfo';

/** Architecture families by the shape of the file (arch/<arch>/kernel/*: each prints its own fields). */
export type CpuShape = 'x86' | 'arm' | 'ppc' | 's390' | 'ia64' | 'sparc' | 'riscv' | 'mips' | 'loongarch' | 'um';

export interface CpuinfoFacts {
  /** Whether the file was read at all: without it "no hypervisor flag" means nothing. */
  readonly read: boolean;
  readonly shape: Signal<CpuShape> | undefined;
  readonly flags: ReadonlySet<string>;
  /** x86 only: the flags that matter here, or a note that none of them is there. */
  readonly flagsSignal: Signal<readonly string[]> | undefined;
  readonly vendorId: Signal | undefined;
  readonly modelName: Signal | undefined;
  /** POWER: the platform (`pSeries`, `PowerNV`, ...) and model lines of the block after the last processor. */
  readonly platform: Signal | undefined;
  /** The model line, else the machine line (`CHRP IBM pSeries (emulated by qemu)`, which Ansible reads). */
  readonly model: Signal | undefined;
  /** SPARC: the machine type (`sun4v` runs on the sun4v hypervisor, `sun4u` on the hardware). */
  readonly machineType: Signal | undefined;
}

/** Key/value pairs of one block of `key : value` lines; `from` is where to start, the first blank line ends it. */
export function parseCpuinfoBlock(text: string, from = 0): Map<string, string> {
  const fields = new Map<string, string>();
  // Line by line without splitting the whole text: only one block is wanted.
  for (let start = from; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') {
      if (fields.size > 0) break;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim();
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  return fields;
}

/** The last block of the file: where POWER kernels print the machine-wide lines (arch/powerpc/kernel/setup-common.c). */
export function lastCpuinfoBlock(text: string): Map<string, string> {
  const body = text.trimEnd();
  const blank = body.lastIndexOf('\n\n');
  return parseCpuinfoBlock(body, blank === -1 ? 0 : blank + 2);
}

/**
 * The architecture whose kernel printed these fields, or undefined for a shape nobody documents. Each test
 * names fields only that architecture's show_cpuinfo() writes.
 */
export function cpuShapeOf(fields: ReadonlyMap<string, string>): CpuShape | undefined {
  const vendor = fields.get('vendor_id');
  if (vendor === 'IBM/S390') return 's390'; // arch/s390/kernel/processor.c
  if (vendor === 'User Mode Linux') return 'um'; // arch/um/kernel/um_arch.c
  if (fields.get('arch') === 'IA-64') return 'ia64'; // arch/ia64/kernel/setup.c
  if (fields.has('CPU implementer') || fields.get('Processor')?.includes('ARM')) return 'arm'; // arch/arm64/kernel/cpuinfo.c, arch/arm
  if (fields.get('isa')?.startsWith('rv')) return 'riscv'; // arch/riscv/kernel/cpu.c
  if (fields.get('revision')?.includes('(pvr ')) return 'ppc'; // arch/powerpc/kernel/setup-common.c
  if (fields.has('cpu model')) return 'mips'; // arch/mips/kernel/proc.c
  if (fields.get('CPU Family')?.startsWith('Loongson') || fields.has('global_id')) return 'loongarch'; // arch/loongarch/kernel/proc.c
  if (fields.has('type') && /sparc/i.test(fields.get('cpu') ?? '')) return 'sparc'; // arch/sparc/kernel/cpu.c, setup_64.c
  if (vendor !== undefined && (fields.has('flags') || fields.has('cpu family'))) return 'x86'; // arch/x86/kernel/cpu/proc.c
  return undefined;
}

/** The flags that matter for virtualization; the full list is long and says nothing more. */
const INTERESTING_FLAGS = ['hypervisor', 'vmx', 'svm'];
/** A first block is under 4 KiB; asking for more makes an x86 kernel render more CPUs (each "cpu MHz" can cost an IPI). */
const FIRST_READ = 8 * 1024;
/** POWER prints the platform after every processor: a 1536-thread machine writes ~150 KB. */
const WHOLE_READ = 512 * 1024;

export function probeCpuinfo(ctx: ProbeContext): CpuinfoFacts {
  const read = ctx.text(CPUINFO, FIRST_READ);
  if (!read.ok) {
    return { read: false, shape: undefined, flags: new Set(), flagsSignal: undefined, vendorId: undefined, modelName: undefined, platform: undefined, model: undefined, machineType: undefined };
  }
  const fields = parseCpuinfoBlock(read.value);
  const shape = cpuShapeOf(fields);
  const field = (key: string, from: ReadonlyMap<string, string> = fields): Signal | undefined => {
    const value = from.get(key);
    return value === undefined || value === '' ? undefined : signal(`${CPUINFO}:${key}`, value, value);
  };
  const flags = new Set(words(fields.get('flags') ?? fields.get('Features') ?? ''));
  const shown = INTERESTING_FLAGS.filter((flag) => flags.has(flag));
  let tail: ReadonlyMap<string, string> = new Map();
  if (shape === 'ppc') {
    const whole = read.value.length < FIRST_READ ? read : ctx.text(CPUINFO, WHOLE_READ);
    if (whole.ok) tail = lastCpuinfoBlock(whole.value);
  }
  return {
    read: true,
    shape: shape === undefined ? undefined : signal(`${CPUINFO}:shape`, `${shape} (${[...fields.keys()].slice(0, 4).join(', ')})`, shape),
    flags,
    flagsSignal: shape === 'x86' ? signal(`${CPUINFO}:flags`, shown.length > 0 ? shown.join(' ') : '(no hypervisor/vmx/svm)', shown) : undefined,
    vendorId: field('vendor_id'),
    modelName: field('model name'),
    platform: field('platform', tail),
    model: field('model', tail) ?? field('machine', tail),
    machineType: shape === 'sparc' ? field('type') : undefined,
  };
}
