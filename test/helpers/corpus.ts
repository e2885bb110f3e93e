/**
 * The corpus splits under test/fixtures/corpus (real machines captured by other projects): their cases, and how
 * an answer is scored against a case's truth, as ../shared/corpus/score.mjs scores it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReader } from '../../src/host/reader.ts';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { factsOf } from './facts.ts';

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus');
export const SPLITS = ['virt-what', 'util-linux-lscpu'] as const;
export const FIELDS = ['vm', 'container', 'xen_mode', 'role'] as const;
type Field = (typeof FIELDS)[number];

export interface CorpusCase {
  readonly split: string;
  readonly case: string;
  readonly environment: string;
  readonly truth: Readonly<Record<Field, string | null>>;
  readonly acceptable: Readonly<Partial<Record<Field, readonly string[]>>> | null;
  readonly notes: string;
  /** The other tool's own answer (virt-what's expected output, lscpu's hypervisor lines). */
  readonly otherToolSays: string;
}

export function corpusCases(split: string): CorpusCase[] {
  const dir = path.join(CORPUS_DIR, split);
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as { case: string }[];
  return index.map(({ case: name }) => {
    const truth = JSON.parse(fs.readFileSync(path.join(dir, name, 'truth.json'), 'utf8'));
    const says: string = truth.virt_what_says ?? truth.lscpu_says ?? '';
    return { split, case: name, environment: truth.environment, truth: truth.truth, acceptable: truth.acceptable, notes: truth.notes, otherToolSays: says.replace(/\n/g, ', ') };
  });
}

/** The answer in the corpus's terms: xen_mode is the Xen guest type, lower-cased. */
export function answerOf(facts: VirtFacts): Record<Field, string | null> {
  const xenMode = facts.xen?.guest_type ? facts.xen.guest_type.toLowerCase() : facts.vm === 'xen' ? facts.mode : null;
  return { vm: facts.vm, container: facts.container, xen_mode: xenMode, role: facts.role };
}

/** The fields the answer gets wrong: each as [field, answer, what would have been right]. */
export function misses(c: CorpusCase, facts: VirtFacts): [Field, string | null, string[]][] {
  const answer = answerOf(facts);
  const out: [Field, string | null, string[]][] = [];
  for (const field of FIELDS) {
    const want = c.truth[field];
    if (want === null) continue;
    const right = [want, ...(c.acceptable?.[field] ?? [])];
    if (!right.includes(answer[field] as string)) out.push([field, answer[field], right]);
  }
  return out;
}

/** The facts of a case, read from a copy of its root (tests never read a fixture in place). */
export function corpusFacts(c: CorpusCase): VirtFacts {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `virt-facts-corpus-${c.case}-`));
  try {
    fs.cpSync(path.join(CORPUS_DIR, c.split, c.case, 'root'), root, { recursive: true, verbatimSymlinks: true });
    return factsOf(createReader(root));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
