/**
 * The code cache (src/host/code-cache.ts, src/launcher/boot.js): `virt-facts cache` writes V8's compiled code of
 * the fact path for this program and this Node; a fact run through the launcher starts from it when the file is
 * its own and trustworthy, never writes it, and prints the same document with it, without it, and whatever the
 * file holds instead (a damaged, foreign or planted file costs speed, never the document).
 */
import { deepStrictEqual, equal, match, notEqual, ok } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeRecord } from '../src/host/code-cache.ts';
import { RECORDED_NODE_FLAGS, flagWord } from '../src/launcher/node-flags.ts';
import { SUPPORTED_MAJORS } from './helpers/node-binaries.ts';
import { runningNodeMajor } from '../src/version.ts';
import { materialiseFixture, type FixtureHost } from './helpers/fixture-root.ts';
import { tree, type Tree } from './helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
/** boot.js's cacheFileName: program hash, Node version, size and time of the Node binary (base 36). */
const CACHE_NAME = /^[0-9a-f]{16}-v\d+\.\d+\.\d+-[0-9a-z]+-[0-9a-z]+\.cache$/;
const root = process.getuid?.() === 0;

describe('the code cache (virt-facts cache, read by fact runs)', function () {
  this.timeout(120000);
  let work: Tree;
  let host: FixtureHost;
  let cacheDir = '';
  let plain = '';
  let runs = 0;
  /** The bundle as Ansible runs it, on a fixture host, with the cache in `cacheDir`. */
  const run = (args: string[] = [], env: Record<string, string> = {}) =>
    spawnSync(bundle, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_ROOT: host.root, VIRT_FACTS_CACHE_DIR: cacheDir, ...env }, timeout: 30000 });
  const cacheFiles = () => fs.readdirSync(cacheDir).filter((name) => name.endsWith('.cache'));
  const theCache = () => {
    const files = cacheFiles();
    equal(files.length, 1, files.join(', '));
    return path.join(cacheDir, files[0] as string);
  };
  /** A fact run prints exactly the document of a run without any cache, exit 0, nothing on stderr. */
  const sameDocument = (what: string) => {
    const result = run();
    deepStrictEqual([what, result.status, result.stderr, result.stdout], [what, 0, '', plain]);
  };

  before(() => {
    work = tree({});
    host = materialiseFixture('x86_64-kvm-virtio');
    cacheDir = path.join(work.root, 'none');
    plain = run([], { VIRT_FACTS_CACHE_DIR: '' }).stdout;
    equal(JSON.parse(plain).vm, 'kvm');
  });
  beforeEach(() => {
    cacheDir = path.join(work.root, `cache-${runs++}`);
  });
  after(() => {
    host?.cleanup();
    work?.cleanup();
  });

  it('`cache` writes one file for this program and Node (0644), and the next run starts from it', () => {
    const first = run(['cache']);
    deepStrictEqual([first.status, first.stderr], [0, '']);
    const file = theCache();
    match(path.basename(file), CACHE_NAME);
    const node = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
    ok(path.basename(file).includes(`-${node}-`), `${file} is for the node on PATH, ${node}`);
    equal(fs.statSync(file).mode & 0o777, 0o644);
    equal(first.stdout, `code cache written: ${file} (${fs.statSync(file).size} bytes)\n`);
    // "up to date" is said only by a process that started from the cache and whose V8 accepted it.
    const second = run(['cache']);
    deepStrictEqual([second.status, second.stdout], [0, `code cache up to date: ${file} (${fs.statSync(file).size} bytes)\n`]);
  });

  it('a fact run with the cache prints the same document, and a fact run never writes one', () => {
    sameDocument('no cache yet');
    equal(fs.existsSync(cacheDir), false, 'the fact run created nothing');
    run(['cache']);
    const before = fs.readFileSync(theCache());
    sameDocument('with the cache');
    deepStrictEqual(fs.readFileSync(theCache()), before);
  });

  const damages: [string, (file: string) => void][] = [
    ['a sector of zeros in the middle', (file) => {
      const bytes = fs.readFileSync(file);
      bytes.fill(0, 4096, 4096 + 512);
      fs.writeFileSync(file, bytes);
    }],
    ['a block of another file at the end', (file) => {
      const bytes = fs.readFileSync(file);
      fs.readFileSync(bundle).copy(bytes, bytes.length - 4096, 0, 4096);
      fs.writeFileSync(file, bytes);
    }],
    ['cut to half its length', (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
    ['empty', (file) => fs.truncateSync(file, 0)],
    ['V8 data without the frame (another build of the launcher)', (file) => fs.writeFileSync(file, fs.readFileSync(file).subarray(8))],
    ['random bytes', (file) => fs.writeFileSync(file, Buffer.from(Array.from({ length: 200000 }, (_, i) => (i * 7919 + 13) & 0xff)))],
    ['writable by everyone (0666)', (file) => fs.chmodSync(file, 0o666)],
    ['writable by its group (0664)', (file) => fs.chmodSync(file, 0o664)],
    ['a directory', (file) => {
      fs.rmSync(file);
      fs.mkdirSync(file);
    }],
    ['a FIFO (must not block the run)', (file) => {
      fs.rmSync(file);
      execFileSync('mkfifo', [file]);
    }],
    ['a symbolic link to /dev/zero', (file) => {
      fs.rmSync(file);
      fs.symlinkSync('/dev/zero', file);
    }],
  ];
  if (root) {
    damages.push(['owned by another user (nobody)', (file) => fs.chownSync(file, 65534, 65534)]);
  }
  for (const [what, damage] of damages) {
    // A directory cannot be renamed over: there `cache` says so instead (exit 1).
    const replaced = what !== 'a directory';
    it(`${what}: the fact run ignores it and prints the same document; \`cache\` ${replaced ? 'replaces it' : 'says it cannot write'}`, () => {
      run(['cache']);
      const file = theCache();
      damage(file);
      sameDocument(what);
      // "written", not "up to date": the process that ran `cache` did not start from the damaged file either.
      const again = run(['cache']);
      if (!replaced) {
        deepStrictEqual([again.status, again.stdout], [1, `code cache not written: ${file}: EISDIR\n`]);
        return;
      }
      deepStrictEqual([what, again.status, again.stdout.split(':')[0]], [what, 0, 'code cache written']);
      deepStrictEqual([fs.lstatSync(file).isFile(), fs.statSync(file).mode & 0o777, fs.statSync(file).uid], [true, 0o644, process.getuid?.()]);
    });
  }

  it('`cache` removes the caches of other builds and Node binaries, and nothing else', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const stale = ['0123456789abcdef-v20.0.0-1a2b-3c4d.cache', '0123456789abcdef-v12.22.12-zz-yy.cache'];
    const kept = ['notes.txt', 'other.cache', 'v20.cache'];
    for (const name of [...stale, ...kept]) fs.writeFileSync(path.join(cacheDir, name), 'x');
    const result = run(['cache']);
    equal(result.status, 0);
    ok(result.stdout.includes('; removed 2 older'), result.stdout);
    // `nodes` is the record of the Node that ran `cache` (see below).
    deepStrictEqual(fs.readdirSync(cacheDir).filter((n) => !CACHE_NAME.test(n) && n !== 'nodes').sort(), kept);
    equal(fs.readdirSync(cacheDir).filter((n) => CACHE_NAME.test(n)).length, 1);
  });

  it('`cache` records the Node it ran with and its flags; fact runs with that Node then get them, and start from the cache', () => {
    // A `node` that notes its arguments before `-e`, then runs the real one: a shim, as version managers install,
    // so the record must name the path the launcher found, not the binary that runs.
    const bin = path.join(work.root, `bin-${runs}`);
    const noted = path.join(work.root, `noted-${runs}`);
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nfor a; do [ "$a" = -e ] && break; printf '%s ' "$a"; done >> ${JSON.stringify(noted)}\necho >> ${JSON.stringify(noted)}\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
    // Whole seconds, as Debian packages and Node's release archives give their binaries.
    fs.utimesSync(path.join(bin, 'node'), new Date(), new Date('2026-03-24T03:03:37Z'));
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    const flags = RECORDED_NODE_FLAGS[runningNodeMajor()] as string;
    /** The flags the launcher gave Node in the last run. */
    const lastFlags = () => (fs.readFileSync(noted, 'utf8').split('\n').at(-2) ?? '').trim();
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, ''], 'no record, no flags');
    // The run without the flags records them, and the run of `cache` it starts then has them and writes the cache.
    const written = run(['cache'], env);
    deepStrictEqual([written.status, written.stdout.split(':')[0], lastFlags()], [0, 'code cache written', flags]);
    const record = path.join(cacheDir, 'nodes', bin, `node,${flagWord(flags)}`);
    const times = (): [bigint, bigint] => [fs.statSync(record, { bigint: true }).mtimeNs, fs.statSync(path.join(bin, 'node'), { bigint: true }).mtimeNs];
    deepStrictEqual([fs.readFileSync(record, 'utf8'), fs.statSync(record).mode & 0o777], [`${flags}\n`, 0o644]);
    equal(...times(), 'the record has the time of the binary at the path the launcher found');
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, flags]);
    // "up to date" is said only by a process that started (with the flags) from the cache and whose V8 accepted it.
    deepStrictEqual(run(['cache'], env).stdout.split(':')[0], 'code cache up to date');
    // A binary replaced since (here: its time changed) is not the one recorded: no flags until `cache` runs again.
    fs.utimesSync(path.join(bin, 'node'), new Date(), new Date('2026-01-02T03:04:05Z'));
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, '']);
    // (The cache is bound to the binary that runs, which a shim's new time does not change: still good.)
    deepStrictEqual(run(['cache'], env).stdout.split(':')[0], 'code cache up to date');
    equal(...times());
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, flags]);
    // The launcher never reads a record: one its user cannot read still gives the flags (as nobody here), and what
    // a record holds changes nothing.
    if (root) {
      // nobody must reach the shim, its notes and the record's directory, but not read the record.
      fs.chmodSync(work.root, 0o755);
      fs.chmodSync(noted, 0o666);
      fs.chmodSync(record, 0o600);
      const lines = fs.readFileSync(noted, 'utf8').split('\n').length;
      const other = spawnSync(bundle, [], { encoding: 'utf8', uid: 65534, gid: 65534, env: { PATH: env.PATH, VIRT_FACTS_ROOT: host.root, VIRT_FACTS_CACHE_DIR: cacheDir } });
      deepStrictEqual([other.status, other.stderr, fs.readFileSync(noted, 'utf8').split('\n').length - lines, lastFlags()], [0, '', 1, flags]);
      fs.chmodSync(record, 0o644);
    }
    fs.writeFileSync(record, '--require /nonexistent/agent.js\n');
    fs.utimesSync(record, new Date(), new Date('2026-01-02T03:04:05Z'));
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, flags]);
    // Nor is a record of a set the launcher does not know looked for (a record is the file's only say in Node's options).
    fs.renameSync(record, path.join(cacheDir, 'nodes', bin, 'node,--inspect'));
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, '']);
    // `cache` records the set again and removes the other records of this path (another build's), the one of the
    // former form (the flags inside, a plain name) too.
    fs.writeFileSync(path.join(cacheDir, 'nodes', bin, 'node'), `${flags}\n`);
    deepStrictEqual(run(['cache'], env).stdout.split(':')[0], 'code cache up to date');
    deepStrictEqual(fs.readdirSync(path.dirname(record)), [path.basename(record)]);
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, flags]);
    // A time in nanoseconds (a binary copied without -p) is beyond what Node can give a file (microseconds): no
    // record that matches, no flags, and the cache is made for runs without them.
    execFileSync('touch', ['-d', '2026-05-28 20:26:40.123456789 UTC', path.join(bin, 'node')]);
    deepStrictEqual(run(['cache'], env).stdout.split(':')[0], 'code cache written');
    notEqual(...times());
    deepStrictEqual([run([], env).stdout, lastFlags()], [plain, '']);
    deepStrictEqual(run(['cache'], env).stdout.split(':')[0], 'code cache up to date');
  });

  it('a file that cannot be run again (no exec permission, run through sh): no record, and a cache for runs without the flags', () => {
    const copy = path.join(work.root, `not-executable-${runs}.fact`);
    fs.copyFileSync(bundle, copy);
    fs.chmodSync(copy, 0o644);
    const viaSh = (args: string[]) => spawnSync('sh', [copy, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_ROOT: host.root, VIRT_FACTS_CACHE_DIR: cacheDir } });
    const written = viaSh(['cache']);
    deepStrictEqual([written.status, written.stdout.split(':')[0]], [0, 'code cache written']);
    deepStrictEqual(fs.readdirSync(path.join(cacheDir, 'nodes'), { recursive: true }).filter((name) => fs.statSync(path.join(cacheDir, 'nodes', name as string)).isFile()), []);
    deepStrictEqual([viaSh([]).stdout, viaSh(['cache']).stdout.split(':')[0]], [plain, 'code cache up to date']);
  });

  it('the frame hash changes when a 256-byte window that held anything is zeroed, or a 512-byte sector', () => {
    // boot.js's hash, as the launcher carries it (src/launcher/boot.js: `var sampledHash = (function …)`).
    const boot = fs.readFileSync(path.join(repo, 'src', 'launcher', 'boot.js'), 'utf8');
    const body = /\nvar sampledHash = \(function sampledHash\(file\) \{\n([\s\S]*?)\n\}\);\n/.exec(boot)?.[1];
    const windowWords = Number(/\nvar CACHE_WINDOW_WORDS = (\d+);/.exec(boot)?.[1]);
    ok(body !== undefined && windowWords === 64);
    const hashOf = new Function('CACHE_WINDOW_WORDS', 'file', body) as (windowWords: number, file: Buffer) => number;
    const hash = (file: Buffer) => hashOf(windowWords, file);
    // Frame (2 words) and 32 windows of data: words that are not zero, except that each window starts with zeros (as
    // ~8% of a cache's words are), 0 to 31 of them; window 5 holds nothing but zeros.
    const file = Buffer.alloc(8 + 32 * 256);
    for (let window = 0; window < 32; window++) {
      for (let word = window; word < 64; word++) file.writeUInt32LE(((window * 64 + word) * 2654435761) >>> 0 || 1, 8 + window * 256 + word * 4);
    }
    file.fill(0, 8 + 5 * 256, 8 + 6 * 256);
    const intact = hash(file);
    const zeroed = (from: number, length: number) => hash(Buffer.concat([file.subarray(0, from), Buffer.alloc(length), file.subarray(from + length)]));
    for (let window = 0; window < 32; window++) {
      if (window !== 5) notEqual(zeroed(8 + window * 256, 256), intact, `window ${window} zeroed`);
    }
    equal(zeroed(8 + 5 * 256, 256), intact, 'a window of zeros zeroed again is the same data');
    for (let sector = 0; sector < 16; sector++) notEqual(zeroed(sector * 512, 512), intact, `sector ${sector} zeroed`);
  });

  it('the flags are recorded for the Node majors CI runs every fixture host on, and no others', () => {
    deepStrictEqual(Object.keys(RECORDED_NODE_FLAGS).map(Number), [...SUPPORTED_MAJORS]);
  });

  it('a Node path gets a record only when it is absolute and plain (the record stays in the directory)', () => {
    equal(nodeRecord('/var/cache/virt-facts', '/usr/bin/node', '--a --b=c'), '/var/cache/virt-facts/nodes/usr/bin/node,--a,--b=c');
    for (const odd of ['node', './node', 'bin/node', '/usr/bin/../../etc/x', '/usr//bin/node', '/usr/./bin/node', '/usr/bin/', '/..', '']) {
      equal(nodeRecord('/var/cache/virt-facts', odd, '--a'), undefined, odd);
    }
  });

  it('$VIRT_FACTS_CACHE_DIR empty turns it off: `cache` says so and writes nothing', () => {
    const result = run(['cache'], { VIRT_FACTS_CACHE_DIR: '' });
    deepStrictEqual([result.status, result.stdout], [0, 'code cache off ($VIRT_FACTS_CACHE_DIR is empty)\n']);
  });

  it('a directory that cannot be made: `cache` says why, exit 1; the fact run is unaffected', () => {
    fs.writeFileSync(path.join(work.root, 'a-file'), '');
    cacheDir = path.join(work.root, 'a-file', 'cache');
    const result = run(['cache']);
    equal(result.status, 1);
    match(result.stdout, /^code cache not written: .*a-file\/cache\/[0-9a-f]{16}-.*\.cache: ENOTDIR\n$/);
    sameDocument('unwritable cache directory');
  });

  it('`node virt.fact cache` (no launcher, so nothing would read it) says so, exit 1', () => {
    const result = spawnSync(process.execPath, [bundle, 'cache'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', VIRT_FACTS_CACHE_DIR: cacheDir } });
    equal(result.status, 1);
    ok(result.stdout.startsWith('no code cache: run the file itself'), result.stdout);
    equal(fs.existsSync(cacheDir), false);
  });

  it('install --ansible writes the cache beside the fact; --no-cache does not; a cache that cannot be written fails nothing', () => {
    const dest = path.join(work.root, `facts-${runs}`);
    const installed = run(['install', '--ansible', '--dest', dest]);
    equal(installed.status, 0, installed.stderr);
    ok(installed.stderr.includes(`installed ${dest}/virt.fact\ncode cache written: ${cacheDir}/`), installed.stderr);
    equal(cacheFiles().length, 1);
    fs.rmSync(cacheDir, { recursive: true });
    equal(run(['install', '--ansible', '--dest', dest, '--no-cache']).status, 0);
    equal(fs.existsSync(cacheDir), false);
    fs.writeFileSync(cacheDir, 'not a directory');
    const unwritable = run(['install', '--facter', '--dest', dest]);
    equal(unwritable.status, 0, unwritable.stderr);
    ok(unwritable.stderr.includes('code cache not written: '), unwritable.stderr);
    deepStrictEqual(fs.readFileSync(path.join(dest, 'virt_facts')), fs.readFileSync(bundle));
  });
});
