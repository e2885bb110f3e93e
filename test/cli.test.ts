/**
 * The built single file, run as Ansible runs it: exit 0, one valid JSON document on stdout, nothing on stderr,
 * whatever the root looks like. `npm test` builds facts.d/virt.fact first.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validate } from '../src/validate.ts';
import { hostNames, materialiseFixture, HOSTS_DIR } from './helpers/fixture-root.ts';
import { tree } from './helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');

/** `install --ansible` writes the code cache too (test/code-cache.test.ts): here, not in this machine's /var/cache. */
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virt-facts-cli-cache-'));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(bundle, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_CACHE_DIR: cacheDir, ...env }, timeout: 20000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('facts.d/virt.fact (the bundle)', () => {
  before(function () {
    if (!fs.existsSync(bundle)) throw new Error('facts.d/virt.fact is missing: run `npm run build` (npm test does)');
  });
  after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('is one executable file, its program CommonJS with no dependency outside it', () => {
    const text = fs.readFileSync(bundle, 'utf8');
    ok(text.startsWith('#!/bin/sh\n'), 'the launcher (test/launcher.test.ts)');
    equal(fs.statSync(bundle).mode & 0o755, 0o755);
    // Every require() left in the bundle must name a Node built-in; a quoted one is ajv's code string, not a call.
    const BUILTINS = new Set(['fs', 'path', 'url', 'os', 'util', 'assert', 'tty', 'module', 'child_process', 'path/posix', 'zlib', 'vm']);
    const required = [...text.matchAll(/(?<!['"])\brequire\("([^"]+)"\)/g)].map((m) => (m[1] as string).replace(/^node:/, ''));
    deepStrictEqual(required.filter((name) => !BUILTINS.has(name)), [], 'no runtime dependency outside the file');
  });

  it('works when copied alone into a facts.d directory (no package.json beside it)', () => {
    const t = tree({});
    try {
      const copy = path.join(t.root, 'virt.fact');
      fs.copyFileSync(bundle, copy);
      fs.chmodSync(copy, 0o755);
      const fixture = materialiseFixture('x86_64-firecracker-kvm-stale-dockerenv');
      try {
        const result = spawnSync(copy, [], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', VIRT_FACTS_ROOT: fixture.root } });
        deepStrictEqual([result.status, result.stderr], [0, '']);
        equal(JSON.parse(result.stdout).vm, 'kvm');
      } finally {
        fixture.cleanup();
      }
    } finally {
      t.cleanup();
    }
  });

  for (const name of hostNames()) {
    it(`--root ${name}: exit 0, silent stderr, the golden (bar generator version and denied reads)`, () => {
      const host = materialiseFixture(name);
      try {
        const { status, stdout, stderr } = run(['--root', host.root]);
        deepStrictEqual([status, stderr], [0, '']);
        const facts = JSON.parse(stdout);
        deepStrictEqual(validate(facts), { ok: true });
        if (Object.keys(host.deny).length === 0) {
          const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, name, 'expected.json'), 'utf8'));
          deepStrictEqual({ ...facts, generator: golden.generator }, golden);
        }
      } finally {
        host.cleanup();
      }
    });
  }

  it('VIRT_FACTS_ROOT does what --root does on the no-argument path Ansible uses', () => {
    const host = materialiseFixture('x86_64-firecracker-kvm-nested');
    try {
      const { status, stdout } = run([], { VIRT_FACTS_ROOT: host.root });
      equal(status, 0);
      equal(JSON.parse(stdout).host.nested, true);
    } finally {
      host.cleanup();
    }
  });

  it('--no-evidence leaves the evidence array empty and everything else in place', () => {
    const host = materialiseFixture('x86_64-firecracker-kvm-stale-dockerenv');
    try {
      const full = JSON.parse(run(['--root', host.root]).stdout);
      const bare = JSON.parse(run(['--root', host.root, '--no-evidence']).stdout);
      ok(full.evidence.length > 0);
      deepStrictEqual(bare, { ...full, evidence: [] });
    } finally {
      host.cleanup();
    }
  });

  it('a --root that does not exist still gives exit 0 and a valid document that says why', () => {
    const { status, stdout, stderr } = run(['--root', '/nonexistent/virt-facts-root']);
    deepStrictEqual([status, stderr], [0, '']);
    const facts = JSON.parse(stdout);
    deepStrictEqual([facts.vm, facts.errors], ['unknown', [{ probe: 'root', path: '/nonexistent/virt-facts-root', code: 'ENOENT' }]]);
  });

  it('--format json and --format ansible print the same document', () => {
    const host = materialiseFixture('x86_64-firecracker-kvm-nonroot');
    try {
      deepStrictEqual(run(['--root', host.root, '--format', 'json']).stdout, run(['--root', host.root, '--format', 'ansible']).stdout);
    } finally {
      host.cleanup();
    }
  });

  it('a mistyped option is a usage error for a person: exit 2 and a message on stderr', () => {
    const { status, stdout, stderr } = run(['--rot', '/']);
    deepStrictEqual([status, stdout], [2, '']);
    ok(stderr.includes('Unknown argument'), stderr);
  });

  it('--help and --version answer on stdout with exit 0', () => {
    const help = run(['--help']);
    deepStrictEqual([help.status, help.stderr], [0, '']);
    ok(help.stdout.includes('--root'));
    const version = run(['--version']);
    equal(version.status, 0);
    equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
  });

  it('--help wraps its columns at spaces, never inside a word (src/cli/help-layout.mjs)', () => {
    // Descriptions as written in src/cli/args.ts: with the wrap of cliui's ES entry they came out as "...Ansible
    // and Fac" + "ter run)", which no collapsing of white space puts back together.
    const flowing = run(['--help']).stdout.replace(/\s+/g, ' ');
    for (const description of [
      'Print the facts (the default; what Ansible and Facter run)',
      'Copy the exact files the probes read into a fixture tree (identifiers redacted), with the facts',
      'Write the compiled code that spares later fact runs compiling (/var/cache/virt-facts; again after a Node upgrade)',
      'What kind of machine this is, virtually speaking: hypervisor, Xen PV/HVM/PVH, containers, paravirtual drivers, cloud.',
    ]) {
      ok(flowing.includes(description), description);
    }
    ok(run(['--help']).stdout.split('\n').every((line) => line.length <= 80), 'within 80 columns');
  });
});

describe('operator commands (the bundle)', () => {
  it('schema prints the contract', () => {
    const result = run(['schema']);
    deepStrictEqual([result.status, JSON.parse(result.stdout).title], [0, 'VirtFacts']);
  });

  it('validate: valid for a fact output and a fact-cache entry, exit 1 with the place for an invalid one', () => {
    const t = tree({});
    try {
      const facts = JSON.parse(run([]).stdout);
      const good = path.join(t.root, 'facts.json');
      fs.writeFileSync(good, JSON.stringify(facts));
      const cache = path.join(t.root, 'web1');
      fs.writeFileSync(cache, JSON.stringify({ ansible_local: { virt: facts }, ansible_hostname: 'web1' }));
      const bad = path.join(t.root, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...facts, vm: 'VirtualPC' }));
      deepStrictEqual([run(['validate', good]).status, run(['validate', cache]).status], [0, 0]);
      const invalid = run(['validate', bad]);
      equal(invalid.status, 1);
      ok(invalid.stdout.includes('invalid at /vm'), invalid.stdout);
      const missing = run(['validate', path.join(t.root, 'nope.json')]);
      deepStrictEqual([missing.status, missing.stdout], [2, '']);
      ok(missing.stderr.includes('cannot read'));
    } finally {
      t.cleanup();
    }
  });

  it('install --ansible and --facter copy the program atomically with mode 0755 under the consumer name', () => {
    const t = tree({});
    try {
      for (const [flag, name] of [['--ansible', 'virt.fact'], ['--facter', 'virt_facts']] as const) {
        const result = run(['install', flag, '--dest', t.root]);
        equal(result.status, 0, result.stderr);
        const installed = path.join(t.root, name);
        equal(fs.statSync(installed).mode & 0o777, 0o755);
        deepStrictEqual(fs.readFileSync(installed), fs.readFileSync(bundle));
      }
      deepStrictEqual(fs.readdirSync(t.root).sort(), ['virt.fact', 'virt_facts'], 'no temporary files left');
      equal(run(['install', '--ansible', '--facter', '--dest', t.root]).status, 2, 'exactly one consumer');
    } finally {
      t.cleanup();
    }
  });

  it('explain names every probe and what could not be read', () => {
    const host = materialiseFixture('x86_64-xen-pv-domU');
    try {
      const result = run(['explain', '--root', host.root]);
      equal(result.status, 0);
      for (const probe of ['sysHypervisor', 'procXen', 'cpuid', 'block', 'net']) ok(result.stdout.includes(`  ${probe}: `), probe);
      ok(result.stdout.includes('xen.guest_type=PV'));
    } finally {
      host.cleanup();
    }
  });
});
