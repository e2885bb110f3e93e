/**
 * Which format a run without --format prints, from how it was invoked (consumers.md §2.3): Ansible runs
 * `*.fact` files (and only those); Facter runs any executable in its facts.d directories, is the parent
 * process, and from 4.4.1 sets INSIDE_FACTER; a person at a terminal gets the text summary.
 */
import type { AutomaticFormat } from '../render/automatic.ts';

export interface Invocation {
  /** process.argv[1]: the path the program was started by (a symlink's own path is kept). */
  readonly invokedAs: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asked only when the answer depends on it (each is a system call or two that a `.fact` run never needs). */
  readonly stdoutIsTerminal: () => boolean;
  /** The parent process's command name, when known; asked as late as stdoutIsTerminal. */
  readonly parent: () => string | undefined;
}

/** Facter's directories: /etc/facter/facts.d, /etc/puppetlabs/facter/facts.d, /opt/puppetlabs/facter/facts.d, Puppet's pluginfactdest. */
const FACTER_DIR = /\/(facter|puppet)[^/]*\/(?:[^/]+\/)*facts\.d\/[^/]+$/;

export function chooseFormat({ invokedAs, env, stdoutIsTerminal, parent }: Invocation): AutomaticFormat {
  if (invokedAs.endsWith('.fact')) return 'ansible';
  if (env.INSIDE_FACTER || FACTER_DIR.test(invokedAs)) return 'facter';
  const parentName = parent();
  if (parentName === 'facter' || parentName === 'puppet') return 'facter';
  if (stdoutIsTerminal()) return 'text';
  return 'ansible';
}
