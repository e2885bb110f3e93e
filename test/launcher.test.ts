/**
 * facts.d/virt.fact started as a program is first a POSIX shell script (src/launcher/): it finds Node.js 12 or
 * later and hands itself over, and when there is none, or only an older one, it still keeps the fact contract:
 * exit 0, one valid document in the format the name or the arguments ask for, nothing on stderr. Tested on a
 * machine without Node (a chroot holding only the shells), with a PATH that has only `nodejs`, with Node 10, and
 * under both dash (Debian's /bin/sh) and bash (RHEL's).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseFormat } from '../src/cli/format-choice.ts';
import { LAUNCHER_FORMATS, RUNTIME_CODE, RUNTIME_PATH, runtimeFallbackDocuments, type LauncherFormat } from '../src/launcher/documents.ts';
import { RECORDED_NODE_FLAGS, flagWord } from '../src/launcher/node-flags.ts';
import { FORMATS, type Format } from '../src/render/index.ts';
import { validate } from '../src/validate.ts';
import { HOSTS_DIR, materialiseFixture } from './helpers/fixture-root.ts';
import { NODE_VERSIONS, nodeBinary } from './helpers/node-binaries.ts';
import { tree, type Tree } from './helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
const version = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version as string;
/** dash (Debian's /bin/sh) and bash (RHEL's), those installed, by absolute path: the runs below have PATHs without them. */
const which = (name: string): string => execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }).trim();
const SHELLS = ['dash', 'bash'].filter((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0).map(which);

/** The fallback document of `format` as the renderers make it, with the runtime the launcher names. */
function fallbackDocument(format: Format, runtimePath: string, code: string): string {
  const launcherFormat: LauncherFormat = format === 'json' ? 'ansible' : format;
  return runtimeFallbackDocuments(version)[launcherFormat].split(RUNTIME_PATH).join(runtimePath).split(RUNTIME_CODE).join(code);
}

/** The errors entry a JSON fallback document carries, read back independently of the renderers. */
const runtimeError = (stdout: string) => JSON.parse(stdout).errors as unknown[];

describe('the launcher (facts.d/virt.fact run as a program)', function () {
  this.timeout(120000);

  it('is a shell script to the kernel and a comment to Node', () => {
    const text = fs.readFileSync(bundle, 'latin1');
    ok(text.startsWith("#!/bin/sh\n':' /*\n"));
    equal(fs.statSync(bundle).mode & 0o755, 0o755);
    // Run by node directly, the shell part is skipped and the program runs.
    const fixture = materialiseFixture('x86_64-kvm-virtio');
    try {
      const direct = spawnSync(process.execPath, [bundle], { encoding: 'utf8', env: { VIRT_FACTS_ROOT: fixture.root } });
      deepStrictEqual([direct.status, direct.stderr, JSON.parse(direct.stdout).vm], [0, '', 'kvm']);
    } finally {
      fixture.cleanup();
    }
  });

  describe('on a machine without Node.js (a chroot with only dash and bash)', () => {
    let root: Tree;
    const chroot: string[] = [];
    before(function () {
      root = tree({});
      // The shells and the libraries they load, nothing else: no node anywhere, no /dev/null, no /proc.
      for (const shell of ['/bin/sh', '/bin/bash']) {
        const real = fs.realpathSync(shell);
        const libraries = execFileSync('ldd', [real], { encoding: 'utf8' }).match(/\/\S+/g) ?? [];
        for (const file of [real, ...libraries]) {
          fs.mkdirSync(path.join(root.root, path.dirname(file)), { recursive: true });
          fs.copyFileSync(file, path.join(root.root, file));
          fs.chmodSync(path.join(root.root, file), 0o755);
        }
        const target = path.join(root.root, shell);
        if (!fs.existsSync(target)) {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.copyFileSync(real, target);
        }
      }
      for (const name of ['virt.fact', 'usr/bin/virt-facts', 'etc/facter/facts.d/virt_facts']) {
        fs.mkdirSync(path.join(root.root, path.dirname(name)), { recursive: true });
        fs.copyFileSync(bundle, path.join(root.root, name));
        fs.chmodSync(path.join(root.root, name), 0o755);
      }
      // chroot needs root; elsewhere a user namespace gives it, where the kernel allows one.
      if (process.getuid?.() === 0) chroot.push(which('chroot'));
      else if (spawnSync('unshare', ['--map-root-user', which('chroot'), root.root, '/bin/sh', '-c', ':']).status === 0) chroot.push(which('unshare'), '--map-root-user', which('chroot'));
      else this.skip();
    });
    after(() => root?.cleanup());

    const inChroot = (shell: string, file: string, args: string[] = [], env: Record<string, string> = {}) => {
      const [command, ...prefix] = chroot;
      const result = spawnSync(command as string, [...prefix, root.root, shell, file, ...args], { encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    for (const shell of ['/bin/sh', '/bin/bash']) {
      it(`${shell}: virt.fact prints the fallback document as Ansible JSON, naming the missing node`, () => {
        const result = inChroot(shell, '/virt.fact');
        deepStrictEqual(result, { status: 0, stdout: fallbackDocument('ansible', 'node', 'ENOENT'), stderr: '' });
        deepStrictEqual(validate(JSON.parse(result.stdout)), { ok: true });
        deepStrictEqual(runtimeError(result.stdout), [{ probe: 'runtime', path: 'node', code: 'ENOENT' }]);
        const facts = JSON.parse(result.stdout);
        deepStrictEqual([facts.vm, facts.container, facts.role, facts.confidence], ['unknown', 'unknown', 'unknown', 'low']);
      });

      it(`${shell}: every --format, in its own format`, () => {
        for (const format of FORMATS) {
          deepStrictEqual([format, inChroot(shell, '/usr/bin/virt-facts', ['--format', format, '--no-evidence'])], [format, { status: 0, stdout: fallbackDocument(format, 'node', 'ENOENT'), stderr: '' }]);
        }
        deepStrictEqual(inChroot(shell, '/usr/bin/virt-facts', ['--root=/', '--format=salt']), { status: 0, stdout: fallbackDocument('salt', 'node', 'ENOENT'), stderr: '' });
      });

      it(`${shell}: Facter's name and INSIDE_FACTER give Facter's document`, () => {
        const expected = { status: 0, stdout: fallbackDocument('facter', 'node', 'ENOENT'), stderr: '' };
        deepStrictEqual(inChroot(shell, '/etc/facter/facts.d/virt_facts'), expected);
        deepStrictEqual(inChroot(shell, '/usr/bin/virt-facts', [], { INSIDE_FACTER: 'true' }), expected);
        equal(JSON.parse(expected.stdout).virt_facts.hypervisor, undefined, 'no nulls for Facter');
      });

      it(`${shell}: a command cannot run, and says so in one line on stderr, exit 2`, () => {
        const result = inChroot(shell, '/usr/bin/virt-facts', ['explain']);
        deepStrictEqual([result.status, result.stdout, result.stderr.split('\n').length], [2, '', 2]);
        ok(result.stderr.startsWith('virt-facts: needs Node.js 12 or later, and found none'));
      });
    }
  });

  describe('with Node.js that is there but not on the usual terms', () => {
    let dir: Tree;
    let fixture: ReturnType<typeof materialiseFixture>;
    let node10 = '';
    before(() => {
      dir = tree({});
      fixture = materialiseFixture('x86_64-xen-pv-domU');
      node10 = nodeBinary(NODE_VERSIONS[10]);
      fs.mkdirSync(path.join(dir.root, 'nodejs-only'));
      fs.mkdirSync(path.join(dir.root, 'node10'));
      // A `nodejs` that leaves a mark, so the test knows which interpreter ran, and with what NODE_OPTIONS.
      fs.writeFileSync(path.join(dir.root, 'nodejs-only', 'nodejs'), `#!/bin/sh\nprintf '%s %s' "$NODE_OPTIONS" "$OPENSSL_CONF" > ${JSON.stringify(path.join(dir.root, 'nodejs-used'))}\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
      fs.symlinkSync(node10, path.join(dir.root, 'node10', 'node'));
      fs.mkdirSync(path.join(dir.root, 'node4'));
      fs.symlinkSync(nodeBinary(NODE_VERSIONS[4]), path.join(dir.root, 'node4', 'node'));
    });
    after(() => {
      dir.cleanup();
      fixture.cleanup();
    });

    for (const shell of SHELLS) {
      it(`${path.basename(shell)}: a PATH with only nodejs (Debian and Ubuntu before Debian 12) runs the program with it`, () => {
        fs.rmSync(path.join(dir.root, 'nodejs-used'), { force: true });
        // The caller's NODE_OPTIONS and OPENSSL_CONF do not reach Node; the launcher's own (one V8 worker thread, no
        // OpenSSL configuration) do.
        const env = { PATH: path.join(dir.root, 'nodejs-only'), VIRT_FACTS_ROOT: fixture.root, NODE_OPTIONS: '--max-old-space-size=64', OPENSSL_CONF: '/etc/ssl/openssl.cnf' };
        const result = spawnSync(shell, [bundle], { encoding: 'utf8', env });
        deepStrictEqual([result.status, result.stderr], [0, '']);
        const golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, fixture.name, 'expected.json'), 'utf8'));
        const facts = JSON.parse(result.stdout);
        deepStrictEqual([facts.vm, facts.mode, facts.xen], [golden.vm, golden.mode, golden.xen]);
        equal(fs.readFileSync(path.join(dir.root, 'nodejs-used'), 'utf8'), '--v8-pool-size=1 /dev/null');
      });

      it(`${path.basename(shell)}: Node 10 on PATH is too old: the fallback document names it, exit 0, silent stderr`, () => {
        const env = { PATH: `${path.join(dir.root, 'node10')}:/usr/bin:/bin`, VIRT_FACTS_ROOT: fixture.root };
        const named = `${fs.realpathSync(path.join(dir.root, 'node10', 'node'))} v${NODE_VERSIONS[10]}`;
        const result = spawnSync(shell, [bundle], { encoding: 'utf8', env });
        deepStrictEqual([result.status, result.stdout, result.stderr], [0, fallbackDocument('ansible', named, 'ENOTSUP'), '']);
        deepStrictEqual(runtimeError(result.stdout), [{ probe: 'runtime', path: named, code: 'ENOTSUP' }]);
        deepStrictEqual(validate(JSON.parse(result.stdout)), { ok: true });
        for (const format of FORMATS) {
          const formatted = spawnSync(shell, [bundle, '--format', format], { encoding: 'utf8', env });
          deepStrictEqual([format, formatted.status, formatted.stdout, formatted.stderr], [format, 0, fallbackDocument(format, named, 'ENOTSUP'), '']);
        }
        const command = spawnSync(shell, [bundle, 'explain'], { encoding: 'utf8', env });
        deepStrictEqual([command.status, command.stdout, command.stderr], [2, '', `virt-facts: needs Node.js 12 or later; ${named.replace(' v', ' is v')}\n`]);
      });

      it(`${path.basename(shell)}: Node 10 where a record of \`cache\` names another binary (other time): no recorded flags, the fallback document`, () => {
        // A `node` that notes the first argument it is given, then runs Node 10.
        const bin = path.join(dir.root, `noted-${path.basename(shell)}`);
        const noted = path.join(bin, 'arguments');
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, 'node'), `#!/bin/sh\nprintf '%s' "$1" > ${JSON.stringify(noted)}\nexec ${JSON.stringify(node10)} "$@"\n`, { mode: 0o755 });
        // The record a Node 20 at this path would have left (Node 10 refuses --jitless: exit 9), from before the
        // binary there was replaced.
        const cacheDir = path.join(dir.root, `cache-${path.basename(shell)}`);
        const record = path.join(cacheDir, 'nodes', bin, `node,${flagWord(RECORDED_NODE_FLAGS[20] as string)}`);
        fs.mkdirSync(path.dirname(record), { recursive: true });
        fs.writeFileSync(record, '');
        fs.utimesSync(record, new Date(), new Date('2025-01-01T00:00:00Z'));
        const env = { PATH: `${bin}:/usr/bin:/bin`, VIRT_FACTS_ROOT: fixture.root, VIRT_FACTS_CACHE_DIR: cacheDir };
        const named = `${fs.realpathSync(node10)} v${NODE_VERSIONS[10]}`;
        const result = spawnSync(shell, [bundle], { encoding: 'utf8', env });
        deepStrictEqual([result.status, result.stdout, result.stderr, fs.readFileSync(noted, 'utf8')], [0, fallbackDocument('ansible', named, 'ENOTSUP'), '', '-e']);
        // The test of the test: with the binary's time, the record's flags reach Node 10, which refuses them.
        execFileSync('touch', ['-r', path.join(bin, 'node'), record]);
        const refused = spawnSync(shell, [bundle], { encoding: 'utf8', env });
        deepStrictEqual([refused.status, fs.readFileSync(noted, 'utf8')], [9, '--no-rehash-snapshot']);
      });

      it(`${path.basename(shell)}: Node 4 (Debian 9, Ubuntu 16.04) on PATH, which no \`cache\` run has recorded, gets the fallback document too`, () => {
        const env = { PATH: `${path.join(dir.root, 'node4')}:/usr/bin:/bin`, VIRT_FACTS_ROOT: fixture.root };
        const named = `${fs.realpathSync(path.join(dir.root, 'node4', 'node'))} v${NODE_VERSIONS[4]}`;
        const result = spawnSync(shell, [bundle], { encoding: 'utf8', env });
        deepStrictEqual([result.status, result.stdout, result.stderr], [0, fallbackDocument('ansible', named, 'ENOTSUP'), '']);
      });
    }

    it("runs Node without the environment's Node settings, each of which breaks a fact run without the launcher", () => {
      const coverage = path.join(dir.root, 'coverage');
      const direct = path.join(dir.root, 'coverage-direct');
      fs.mkdirSync(coverage);
      fs.mkdirSync(direct);
      fs.writeFileSync(path.join(dir.root, 'broken.cnf'), 'not a configuration line\n');
      const hostile: Record<string, (coverageDir: string) => string> = {
        NODE_OPTIONS: () => '--require /nonexistent/agent.js',
        OPENSSL_CONF: () => path.join(dir.root, 'broken.cnf'),
        NODE_EXTRA_CA_CERTS: () => '/nonexistent/ca.pem',
        NODE_DEBUG: () => 'module,fs',
        NODE_V8_COVERAGE: (coverageDir) => coverageDir,
      };
      const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', VIRT_FACTS_ROOT: fixture.root, VIRT_FACTS_CACHE_DIR: '' };
      for (const [name, value] of Object.entries(hostile)) {
        // The test of the test: Node running the program itself, without the launcher, fails, speaks or writes.
        const bare = spawnSync(process.execPath, [bundle], { encoding: 'utf8', env: { ...base, [name]: value(direct) } });
        ok(bare.status !== 0 || bare.stderr !== '' || fs.readdirSync(direct).length > 0, `${name} breaks a run without the launcher`);
        const result = spawnSync(bundle, [], { encoding: 'utf8', env: { ...base, [name]: value(coverage) } });
        deepStrictEqual([name, result.status, result.stderr, JSON.parse(result.stdout).mode], [name, 0, '', 'pv']);
      }
      deepStrictEqual(fs.readdirSync(coverage), [], 'nothing written');
      const env = { ...base, ...Object.fromEntries(Object.entries(hostile).map(([name, value]) => [name, value(coverage)])) };
      const command = spawnSync(bundle, ['--version'], { encoding: 'utf8', env });
      deepStrictEqual([command.status, command.stderr], [0, ''], 'the commands run the same way');
    });

    it('a file cut short inside the program still gives one valid document (ENOEXEC)', () => {
      const text = fs.readFileSync(bundle);
      const programStart = text.indexOf('\n*/\n') + 4;
      const cut = path.join(dir.root, 'cut.fact');
      fs.writeFileSync(cut, text.subarray(0, programStart + 5000), { mode: 0o755 });
      const result = spawnSync(cut, [], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
      deepStrictEqual([result.status, result.stdout, result.stderr], [0, fallbackDocument('ansible', cut, 'ENOEXEC'), '']);
    });

    it('a fact run reads neither the shell part nor the command line after the program', () => {
      // Without the compressed command line at the end, the fact path still works; the command line does not.
      const text = fs.readFileSync(bundle, 'latin1');
      const short = path.join(dir.root, 'short.fact');
      fs.writeFileSync(short, text.slice(0, text.lastIndexOf('/*virt-facts-cli ')), { encoding: 'latin1', mode: 0o755 });
      const result = spawnSync(short, [], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', VIRT_FACTS_ROOT: fixture.root } });
      deepStrictEqual([result.status, result.stderr, JSON.parse(result.stdout).mode], [0, '', 'pv']);
      ok(spawnSync(short, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } }).status !== 0);
    });
  });

  describe('chooses the format as src/cli/format-choice.ts does (seen through Node 10, which prints its choice)', () => {
    let dir: Tree;
    let node10Path = '';
    before(() => {
      dir = tree({});
      fs.mkdirSync(path.join(dir.root, 'bin'));
      fs.symlinkSync(nodeBinary(NODE_VERSIONS[10]), path.join(dir.root, 'bin', 'node'));
      fs.symlinkSync(fs.realpathSync('/bin/sh'), path.join(dir.root, 'bin', 'facter'));
      node10Path = `${fs.realpathSync(path.join(dir.root, 'bin', 'node'))} v${NODE_VERSIONS[10]}`;
    });
    after(() => dir?.cleanup());

    const CASES: { name: string; args?: string[]; env?: Record<string, string>; parent?: string }[] = [
      { name: 'etc/ansible/facts.d/virt.fact' },
      { name: 'etc/facter/facts.d/virt.fact' },
      { name: 'etc/facter/facts.d/virt_facts' },
      { name: 'etc/puppetlabs/facter/facts.d/virt_facts' },
      { name: 'opt/puppetlabs/facter/facts.d/virt' },
      { name: 'var/lib/puppet/facts.d/virt' },
      { name: 'usr/bin/virt-facts' },
      { name: 'usr/bin/virt-facts', env: { INSIDE_FACTER: 'true' } },
      { name: 'usr/bin/virt-facts', parent: 'facter' },
      { name: 'usr/bin/virt-facts', parent: 'facter', args: ['--no-evidence'] },
      { name: 'usr/bin/virt-facts', args: ['--root', '/', '--format', 'prometheus'] },
      { name: 'etc/facter/facts.d/virt_facts', args: ['--format=shell'] },
      { name: 'etc/facter/facts.d/virt_facts', args: ['--timeout', '500'] },
    ];
    for (const shell of SHELLS) {
      for (const c of CASES) {
        const label = `${c.name}${c.args ? ` ${c.args.join(' ')}` : ''}${c.env ? ' INSIDE_FACTER' : ''}${c.parent ? ` (parent ${c.parent})` : ''}`;
        it(`${path.basename(shell)}: ${label}`, () => {
          const file = path.join(dir.root, c.name);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          if (!fs.existsSync(file)) fs.copyFileSync(bundle, file);
          const args = c.args ?? [];
          const env = { PATH: path.join(dir.root, 'bin'), ...c.env };
          // A parent named facter: a shell started under that name, which runs the launcher as its child.
          const result = c.parent
            ? spawnSync(path.join(dir.root, 'bin', c.parent), ['-c', `${shell} "$@"; exit $?`, 'sh', file, ...args], { encoding: 'utf8', env: { ...env, PATH: `${env.PATH}:/usr/bin:/bin` } })
            : spawnSync(shell, [file, ...args], { encoding: 'utf8', env });
          const argFormat = args.includes('--format') ? args[args.indexOf('--format') + 1] : args.find((a) => a.startsWith('--format='))?.slice('--format='.length);
          const expected = (argFormat as Format | undefined) ?? chooseFormat({ invokedAs: file, env: c.env ?? {}, stdoutIsTerminal: () => false, parent: () => (args.length > 0 ? undefined : (c.parent ?? 'node')) });
          deepStrictEqual([result.status, result.stdout, result.stderr], [0, fallbackDocument(expected, node10Path, 'ENOTSUP'), '']);
        });
      }
      it(`${path.basename(shell)}: a terminal gets the text summary`, () => {
        const file = path.join(dir.root, 'usr/bin/virt-facts');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (!fs.existsSync(file)) fs.copyFileSync(bundle, file);
        const result = spawnSync('script', ['-qec', `${shell} ${file}`, '/dev/null'], { encoding: 'utf8', env: { PATH: `${path.join(dir.root, 'bin')}:/usr/bin:/bin` } });
        equal(chooseFormat({ invokedAs: file, env: {}, stdoutIsTerminal: () => true, parent: () => 'script' }), 'text');
        deepStrictEqual([result.status, result.stdout.replace(/\r\n/g, '\n')], [0, fallbackDocument('text', node10Path, 'ENOTSUP')]);
      });
    }
  });

  it('renders a fallback document for every launcher format, each valid where it is JSON', () => {
    const documents = runtimeFallbackDocuments(version);
    deepStrictEqual(Object.keys(documents), [...LAUNCHER_FORMATS]);
    deepStrictEqual(validate(JSON.parse(documents.ansible)), { ok: true });
    deepStrictEqual(validate(JSON.parse(documents.salt).virt_facts), { ok: true });
  });
});
