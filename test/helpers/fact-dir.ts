/** A consumer's facts directory holding a copy of the built bundle under the name that consumer expects. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tree, type Tree } from './tree.ts';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export function factDirWith(fileName: string): Tree {
  const dir = tree({});
  const target = path.join(dir.root, fileName);
  fs.copyFileSync(path.join(REPO, 'facts.d', 'virt.fact'), target);
  fs.chmodSync(target, 0o755);
  return dir;
}
