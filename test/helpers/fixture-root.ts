/**
 * Materialises a fixture host into a temporary directory: copies the tree (symbolic links as links) and drops
 * the `.gitkeep` placeholders that keep empty directories in git (see fixtures/README.md).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReader, type Reader } from '../../src/host/reader.ts';
import { denyReads } from './deny.ts';

export const HOSTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hosts');

export interface FixtureHost {
  readonly name: string;
  readonly dir: string;
  /** The materialised root. */
  readonly root: string;
  readonly deny: Readonly<Record<string, string>>;
  /** A reader of the materialised root that refuses the denied paths. */
  readonly reader: Reader;
  cleanup(): void;
}

export const hostNames = (): string[] =>
  fs
    .readdirSync(HOSTS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(HOSTS_DIR, e.name, 'root')))
    .map((e) => e.name)
    .sort();

function finish(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) finish(full);
    else if (entry.name === '.gitkeep') fs.rmSync(full);
  }
}

export function materialiseFixture(name: string): FixtureHost {
  const dir = path.join(HOSTS_DIR, name);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `virt-facts-${name}-`));
  fs.cpSync(path.join(dir, 'root'), root, { recursive: true, verbatimSymlinks: true });
  finish(root);
  const hostJson = path.join(dir, 'host.json');
  const deny: Record<string, string> = fs.existsSync(hostJson) ? (JSON.parse(fs.readFileSync(hostJson, 'utf8')).deny ?? {}) : {};
  return {
    name,
    dir,
    root,
    deny,
    reader: denyReads(createReader(root), deny),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
