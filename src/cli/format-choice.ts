/**
 * Which format a run without --format prints, from how it was invoked (consumers.md §2.3): Ansible runs
 * `*.fact` files; Facter runs any executable in its facts.d directories and, from 4.4.1, sets INSIDE_FACTER;
 * a person at a terminal gets the text summary.
 */
import type { Format } from '../render/index.ts';

export interface Invocation {
  /** process.argv[1]: the path the program was started by (a symlink's own path is kept). */
  readonly invokedAs: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTerminal: boolean;
}

/** Facter's directories: /etc/facter/facts.d, /etc/puppetlabs/facter/facts.d, /opt/puppetlabs/facter/facts.d, Puppet's pluginfactdest. */
const FACTER_DIR = /\/(facter|puppet)[^/]*\/(?:[^/]+\/)*facts\.d\/[^/]+$/;

export function chooseFormat({ invokedAs, env, stdoutIsTerminal }: Invocation): Format {
  if (env.INSIDE_FACTER) return 'facter';
  if (!invokedAs.endsWith('.fact') && FACTER_DIR.test(invokedAs)) return 'facter';
  if (stdoutIsTerminal && !invokedAs.endsWith('.fact')) return 'text';
  return 'ansible';
}
