/**
 * Inline fixture trees for unit tests: a few files written to a temporary directory (changesets' testdir idea).
 * Values: a string is a file, `{ link: target }` a symbolic link, `{ fifo: true }` a named pipe, `{ dir: true }`
 * an empty directory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Entry = string | Buffer | { link: string } | { fifo: true } | { dir: true };

export interface Tree {
  readonly root: string;
  cleanup(): void;
}

export function tree(entries: Readonly<Record<string, Entry>>): Tree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'virt-facts-tree-'));
  for (const [name, entry] of Object.entries(entries)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) fs.writeFileSync(full, entry);
    else if ('link' in entry) fs.symlinkSync(entry.link, full);
    else if ('fifo' in entry) execFileSync('mkfifo', [full]);
    else fs.mkdirSync(full, { recursive: true });
  }
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
