/** A value read from one path, kept raw for `evidence` and parsed for the classifier. */
export interface Signal<T = string> {
  readonly path: string;
  /** What the file said, trimmed (shown in `evidence.value`). */
  readonly raw: string;
  readonly value: T;
}

/** A source that could not be read for a reason other than "it does not exist". */
export interface ReadError {
  readonly probe: string;
  readonly path: string;
  readonly code: string;
}

/** One entry of the `evidence` array: a signal that took part and the conclusion it supports. */
export interface EvidenceItem {
  readonly probe: string;
  readonly path: string;
  readonly value: string;
  readonly supports: string;
}

export const signal = <T>(path: string, raw: string, value: T): Signal<T> => ({ path, raw, value });
