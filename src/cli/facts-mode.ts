/**
 * Fact mode: gather, classify, validate, render. This is what runs on every host at every play, so it never
 * throws, never exits non-zero and never writes to stderr; whatever goes wrong ends up in `errors`.
 */
import { createReader, type Reader } from '../host/reader.ts';
import { parentCommand } from '../host/process.ts';
import { stdoutIsTerminal } from '../host/stdout.ts';
import { classify } from '../classify/index.ts';
import type { VirtFacts } from '../model/facts.generated.ts';
import { gather, type Gathered } from '../probes/index.ts';
import type { AutomaticFormat } from '../render/automatic.ts';
import { fallbackFacts, validate } from '../validate.ts';
import { redactIdentifiers } from '../model/text.ts';
import { VERSION } from '../version.ts';
import { chooseFormat } from './format-choice.ts';

export interface FactOptions {
  readonly root: string;
  readonly evidence: boolean;
  /** Keep UUID- and MAC-shaped strings (--identifiers); by default they are replaced everywhere. */
  readonly identifiers?: boolean;
  readonly timeoutMs: number;
  readonly version: string;
  readonly now: () => number;
  /** Tests pass a reader that refuses chosen paths; the program uses the real one. */
  readonly reader?: Reader;
  /** Per-probe readers (explain records each probe's reads). */
  readonly readerFor?: (probe: keyof Gathered) => Reader;
}

export const DEFAULT_TIMEOUT_MS = 2000;

/**
 * Milliseconds on a monotonic clock: the time since Node started (libuv's monotonic clock; to the millisecond on
 * Node 12, finer later, either is ample for a deadline of seconds). Asked after every read: the global
 * `performance` would load perf_hooks on every run (and Node 12 and 14 do not have it), and process.hrtime.bigint
 * makes a BigInt each time (0.1 ms of a fact run, --cpu-prof).
 */
export const monotonicMs = (): number => process.uptime() * 1000;

export function collectFacts(options: FactOptions): VirtFacts {
  let facts: VirtFacts;
  try {
    const reader = options.reader ?? createReader(options.root);
    const rootKind = reader.kind('/');
    if (!rootKind.ok || rootKind.value !== 'dir') {
      return fallbackFacts(options.version, 'root', options.root, rootKind.ok ? 'ENOTDIR' : rootKind.code);
    }
    const started = options.now();
    const { gathered, errors } = gather(reader, { now: options.now, deadline: started + options.timeoutMs, ...(options.readerFor ? { readerFor: options.readerFor } : {}) });
    facts = classify(gathered, errors, options.version);
    if (!options.evidence) facts = { ...facts, evidence: [] };
    if (options.identifiers !== true) facts = redactIdentifiers(facts);
  } catch (error) {
    return fallbackFacts(options.version, 'virt-facts', '*', error instanceof RangeError ? 'ERANGE' : 'EINTERNAL');
  }
  const validation = validate(facts);
  if (!validation.ok) return fallbackFacts(options.version, 'validate', validation.where, 'EINVALID');
  return facts;
}

export interface FactRun {
  readonly format: AutomaticFormat;
  readonly facts: VirtFacts;
}

/**
 * A run without arguments, as Ansible and Facter start the program: the format its invocation calls for, and the
 * facts. src/cli/main.ts prints them; `virt-facts cache` runs this too, so that the code cache holds every function
 * a fact run calls (what it lacked, each fact run compiled again).
 */
export function factRun(root = process.env.VIRT_FACTS_ROOT || '/', timeoutMs = DEFAULT_TIMEOUT_MS): FactRun {
  let format: AutomaticFormat = 'ansible';
  let facts: VirtFacts;
  try {
    format = chooseFormat({ invokedAs: process.argv[1] ?? '', env: process.env, stdoutIsTerminal, parent: parentCommand });
    facts = collectFacts({ root, evidence: true, timeoutMs, version: VERSION, now: monotonicMs });
  } catch {
    // collectFacts turns what fails inside it into its fallback document; this is the same for anything else.
    facts = fallbackFacts(VERSION, 'virt-facts', '*', 'EINTERNAL');
  }
  return { format, facts };
}
