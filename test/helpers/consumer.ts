/**
 * Suites that run a real consumer (ansible-core, facter, node_exporter, ...) need programs that a machine with
 * only Node does not have. There such a suite is pending, and its title says which `apt-get install` would run it;
 * in CI (CI=true, as .ci/run sets it) it always runs, so a missing program fails it instead of hiding it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Programs (looked up on PATH), other files, and the Debian packages that provide them. */
export interface Needs {
  readonly programs: readonly string[];
  readonly files?: readonly string[];
  readonly packages: readonly string[];
}

const onPath = (program: string): boolean => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;

/** The programs and files of `needs` that are missing here. */
export const missingPrograms = (needs: Needs): string[] => [...needs.programs.filter((program) => !onPath(program)), ...(needs.files ?? []).filter((file) => !existsSync(file))];

/** `describe`, or, when a needed program is missing outside CI, the same suite pending with the install line. */
export function consumerSuite(title: string, needs: Needs, body: (this: Mocha.Suite) => void): void {
  const missing = missingPrograms(needs);
  if (missing.length === 0 || process.env.CI === 'true') {
    describe(title, body);
    return;
  }
  describe.skip(`${title} (pending: needs ${missing.join(', ')}; apt-get install ${needs.packages.join(' ')})`, body);
}
