/**
 * The npm package: `npm pack` of this repository holds the program and nothing a user does not need, and
 * `npm install -g` of the tarball into an empty prefix gives a working `virt-facts` command.
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOSTS_DIR, materialiseFixture } from '../helpers/fixture-root.ts';
import { tree, type Tree } from '../helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

describe('npm package (npm pack, npm install -g)', function () {
  this.timeout(300000);
  let work: Tree;
  let tarball = '';
  let packed: { files: { path: string }[] };
  before(() => {
    work = tree({});
    // npm test has just built facts.d/virt.fact; the prepack script (the same build) is for `npm publish`.
    const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work.root], { cwd: repo, encoding: 'utf8' });
    packed = JSON.parse(output)[0];
    tarball = path.join(work.root, (packed as unknown as { filename: string }).filename);
  });
  after(() => work?.cleanup());

  it('is public, and holds the program, its package.json, the README and nothing else', () => {
    equal(pkg.private, undefined);
    deepStrictEqual(packed.files.map((f) => f.path).sort(), ['README.md', 'facts.d/package.json', 'facts.d/virt.fact', 'package.json']);
    deepStrictEqual(pkg.bin, { 'virt-facts': 'facts.d/virt.fact' });
  });

  it('installs into an empty prefix, and virt-facts and virt-facts --version run from there', () => {
    const prefix = path.join(work.root, 'prefix');
    fs.mkdirSync(prefix);
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { encoding: 'utf8' });
    const command = path.join(prefix, 'bin', 'virt-facts');
    const version = spawnSync(command, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    deepStrictEqual([version.status, version.stdout, version.stderr], [0, `${pkg.version}\n`, '']);
    const host = materialiseFixture('x86_64-xen-hvm-emulated');
    try {
      const facts = spawnSync(command, [], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', VIRT_FACTS_ROOT: host.root } });
      deepStrictEqual([facts.status, facts.stderr], [0, '']);
      const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host.name, 'expected.json'), 'utf8'));
      deepStrictEqual([JSON.parse(facts.stdout).vm, JSON.parse(facts.stdout).xen], [golden.vm, golden.xen]);
    } finally {
      host.cleanup();
    }
  });
});
