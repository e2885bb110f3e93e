import type { EvidenceItem } from '../model/evidence.ts';
import type { Confidence, ContainerId, VmId } from '../model/ids.ts';

/** What one rule concluded about a layer, and why. `none` is a conclusion too (e.g. AWS bare metal). */
export interface Verdict<Id extends string> {
  readonly id: Id;
  readonly confidence: Confidence;
  readonly variant: string | null;
  readonly evidence: readonly EvidenceItem[];
  /** Signals this verdict overruled, for `warnings`. */
  readonly warnings?: readonly string[];
}
export type VmVerdict = Verdict<VmId>;
export type ContainerVerdict = Verdict<ContainerId>;

/**
 * A rule of a precedence list: a verdict when its evidence is there, undefined to let the next rule speak. Every
 * rule is given the architecture, established once before any rule runs.
 */
export interface Rule<V> {
  readonly name: string;
  readonly decide: (g: import('../probes/index.ts').Gathered, arch: import('./arch.ts').Architecture) => V | undefined;
}
