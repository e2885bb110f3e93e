/**
 * The Ansible collection as CI ships it: `node build.mjs collection` (npm run build:collection without rebuilding
 * the bundle npm test has just built), once per test run, and `ansible-galaxy collection install` of the tarball
 * into a temporary collections path.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tree, type Tree } from './tree.ts';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;

/** The fully qualified names the tests use. */
export const ROLE = 'virtfacts.virt_facts.install';
export const PLAYBOOK = 'virtfacts.virt_facts.site';

let built: string | undefined;

/** dist/virtfacts-virt_facts-<version>.tar.gz, built by this test run. */
export function builtCollection(): string {
  if (built === undefined) {
    execFileSync(process.execPath, [path.join(REPO, 'build.mjs'), 'collection'], { stdio: 'pipe', timeout: 900000 });
    built = path.join(REPO, 'dist', `virtfacts-virt_facts-${version}.tar.gz`);
  }
  return built;
}

export interface InstalledCollection extends Tree {
  /** For ANSIBLE_COLLECTIONS_PATH. */
  readonly collectionsPath: string;
  /** The installed collection's directory. */
  readonly dir: string;
}

export function installCollection(): InstalledCollection {
  const tarball = builtCollection();
  const work = tree({});
  const collectionsPath = path.join(work.root, 'collections');
  execFileSync('ansible-galaxy', ['collection', 'install', tarball, '-p', collectionsPath], { stdio: 'pipe', timeout: 300000 });
  return { ...work, collectionsPath, dir: path.join(collectionsPath, 'ansible_collections', 'virtfacts', 'virt_facts') };
}
