import { collectFacts } from '../../src/cli/facts-mode.ts';
import { createReader, type Reader } from '../../src/host/reader.ts';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { denyReads } from './deny.ts';
import { tree, type Entry } from './tree.ts';

/** The version goldens carry, so that a release does not rewrite every golden. */
export const TEST_VERSION = '0.0.0-test';

/** Facts of a reader, as fact mode computes them, with no deadline (tests must not depend on speed). */
export function factsOf(reader: Reader, evidence = true): VirtFacts {
  return collectFacts({ root: reader.root, reader, evidence, timeoutMs: Number.POSITIVE_INFINITY, version: TEST_VERSION, now: () => 0 });
}

/** Facts of a small inline tree (values as the kernel and vendors write them), with chosen paths refused. */
export function factsOfTree(entries: Record<string, Entry>, deny: Record<string, string> = {}): VirtFacts {
  const t = tree(entries);
  try {
    return factsOf(denyReads(createReader(t.root), deny));
  } finally {
    t.cleanup();
  }
}
