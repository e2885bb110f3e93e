import type { EvidenceItem, Signal } from '../model/evidence.ts';
import { printable } from '../model/text.ts';

/** An evidence entry for a signal, with its raw value made printable and bounded. */
export function cite(probe: string, signal: Signal<unknown>, supports: string): EvidenceItem {
  return { probe, path: printable(signal.path, 256), value: printable(signal.raw, 256), supports: printable(supports) };
}
