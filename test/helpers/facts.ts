import { collectFacts } from '../../src/cli/facts-mode.ts';
import type { Reader } from '../../src/host/reader.ts';
import type { VirtFacts } from '../../src/model/facts.generated.ts';

/** The version goldens carry, so that a release does not rewrite every golden. */
export const TEST_VERSION = '0.0.0-test';

/** Facts of a reader, as fact mode computes them, with no deadline (tests must not depend on speed). */
export function factsOf(reader: Reader, evidence = true): VirtFacts {
  return collectFacts({ root: reader.root, reader, evidence, timeoutMs: Number.POSITIVE_INFINITY, version: TEST_VERSION, now: () => 0 });
}
