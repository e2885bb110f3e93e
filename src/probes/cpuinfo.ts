/** /proc/cpuinfo: the hypervisor flag (CPUID.1:ECX[31] as the kernel saw it), vmx/svm, and identity strings. */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { words } from '../model/text.ts';

export const CPUINFO = '/proc/cpuinfo';

export interface CpuinfoFacts {
  /** Whether the file was read at all: without it "no hypervisor flag" means nothing. */
  readonly read: boolean;
  readonly flags: ReadonlySet<string>;
  readonly flagsSignal: Signal<readonly string[]> | undefined;
  readonly vendorId: Signal | undefined;
}

/** Key/value pairs of the first processor block (the first blank line ends it). */
export function parseCpuinfoBlock(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  // Line by line without splitting the whole text: only the first block is wanted.
  for (let start = 0; start < text.length; ) {
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

/** The flags that matter for virtualization; the full list is long and says nothing more. */
const INTERESTING_FLAGS = ['hypervisor', 'vmx', 'svm'];

export function probeCpuinfo(ctx: ProbeContext): CpuinfoFacts {
  // The first processor block is under 4 KiB; asking for more makes the kernel render more CPUs (each with a
  // "cpu MHz" that can cost an IPI), so the read stops at 8 KiB.
  const read = ctx.text(CPUINFO, 8 * 1024);
  if (!read.ok) {
    return { read: false, flags: new Set(), flagsSignal: undefined, vendorId: undefined };
  }
  const fields = parseCpuinfoBlock(read.value);
  const flagLine = fields.get('flags') ?? fields.get('Features') ?? '';
  const flags = new Set(words(flagLine));
  const shown = INTERESTING_FLAGS.filter((flag) => flags.has(flag));
  const field = (key: string): Signal | undefined => {
    const value = fields.get(key);
    return value === undefined ? undefined : signal(`${CPUINFO}:${key}`, value, value);
  };
  return {
    read: true,
    flags,
    flagsSignal: signal(`${CPUINFO}:flags`, shown.length > 0 ? shown.join(' ') : '(no hypervisor/vmx/svm)', shown),
    vendorId: field('vendor_id'),
  };
}
