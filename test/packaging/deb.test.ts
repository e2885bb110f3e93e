/**
 * The Debian package (`npm run build:deb`): dpkg -i installs /usr/bin/virt-facts and the fact where Ansible and
 * Debian's Facter run local facts, and writes the code cache (/var/cache/virt-facts); the real ansible and facter
 * then carry it with no option at all; dpkg --purge leaves nothing behind. Installing touches the machine, so it runs
 * as root only (CI's first run).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { consumerSuite } from '../helpers/consumer.ts';
import { HOSTS_DIR, materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { ANSIBLE_JSON_OUTPUT } from '../consumers/ansible-output.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const deb = path.join(repo, 'dist', `virt-facts_${pkg.version}_all.deb`);
/** Every path the package may create, in the order a removal would empty them. */
const PATHS = ['/var/cache/virt-facts', '/usr/bin/virt-facts', '/etc/ansible/facts.d/virt.fact', '/etc/ansible/facts.d', '/etc/ansible', '/etc/facter/facts.d/virt_facts', '/etc/facter/facts.d', '/etc/facter', '/usr/share/doc/virt-facts/copyright', '/usr/share/doc/virt-facts'];
const present = (): Record<string, boolean> => Object.fromEntries(PATHS.map((p) => [p, fs.existsSync(p) || fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined]));
const installed = (): boolean => spawnSync('dpkg-query', ['-W', '-f', '${Status}', 'virt-facts'], { encoding: 'utf8' }).stdout.includes('install ok installed');

consumerSuite('Debian package (dpkg-deb, dpkg -i, dpkg --purge)', { programs: ['dpkg-deb', 'dpkg'], packages: ['dpkg'] }, function () {
  this.timeout(300000);
  let host: FixtureHost;
  let golden: { vm: string; mode: string };
  let beforeInstall: Record<string, boolean>;
  const root = process.getuid?.() === 0;

  before(function () {
    execFileSync(process.execPath, [path.join(repo, 'build.mjs'), 'deb'], { stdio: 'pipe' });
    host = materialiseFixture('x86_64-xen-pv-domU');
    golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host.name, 'expected.json'), 'utf8'));
    beforeInstall = present();
  });
  after(() => {
    host?.cleanup();
    if (root && installed()) spawnSync('dpkg', ['--purge', 'virt-facts']);
  });

  it(`is dist/virt-facts_${pkg.version}_all.deb: architecture all, Depends: nodejs (>= 12)`, () => {
    const fields = execFileSync('dpkg-deb', ['-f', deb, 'Package', 'Version', 'Architecture', 'Depends'], { encoding: 'utf8' });
    equal(fields, `Package: virt-facts\nVersion: ${pkg.version}\nArchitecture: all\nDepends: nodejs (>= 12)\n`);
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
    ok(/^-rwxr-xr-x root\/root .* \.\/usr\/bin\/virt-facts$/m.test(listing), listing);
    ok(listing.includes('./etc/ansible/facts.d/virt.fact -> /usr/bin/virt-facts'));
    ok(listing.includes('./etc/facter/facts.d/virt_facts -> /usr/bin/virt-facts'));
  });

  describe('installed with dpkg -i', function () {
    before(function () {
      if (!root) this.skip();
      equal(installed(), false, 'virt-facts is already installed on this machine: the test would remove it');
      execFileSync('dpkg', ['-i', deb], { stdio: 'pipe' });
    });

    it('runs as /usr/bin/virt-facts, and as the fact in /etc/ansible/facts.d and /etc/facter/facts.d', () => {
      const env = { PATH: '/usr/bin:/bin', VIRT_FACTS_ROOT: host.root };
      deepStrictEqual(spawnSync('/usr/bin/virt-facts', ['--version'], { encoding: 'utf8', env }).stdout, `${pkg.version}\n`);
      const ansible = spawnSync('/etc/ansible/facts.d/virt.fact', [], { encoding: 'utf8', env });
      deepStrictEqual([ansible.status, ansible.stderr, JSON.parse(ansible.stdout).mode], [0, '', golden.mode]);
      const facter = spawnSync('/etc/facter/facts.d/virt_facts', [], { encoding: 'utf8', env });
      deepStrictEqual([facter.status, facter.stderr, JSON.parse(facter.stdout).virt_facts.mode], [0, '', golden.mode]);
    });

    it('has written the code cache for the nodejs it depends on, which the next run starts from', () => {
      // The cache, and the record of the Node it was made with (src/host/code-cache.ts, nodeRecord).
      const files = fs.readdirSync('/var/cache/virt-facts').sort();
      equal(files.length, 2, files.join(', '));
      ok(/^[0-9a-f]{16}-v[\d.]+-[0-9a-z]+-[0-9a-z]+\.cache$/.test(files[0] as string), files[0]);
      equal(files[1], 'nodes');
      const again = spawnSync('/usr/bin/virt-facts', ['cache'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
      deepStrictEqual([again.status, again.stdout.split(':')[0]], [0, 'code cache up to date']);
    });

    it('writes it again when a package changes the Node.js binary (dpkg file trigger on /usr/bin/node)', () => {
      equal(execFileSync('dpkg-deb', ['-I', deb, 'triggers'], { encoding: 'utf8' }), 'interest-noawait /usr/bin/node\ninterest-noawait /usr/bin/nodejs\n');
      fs.rmSync('/var/cache/virt-facts', { recursive: true });
      // What dpkg does when a nodejs upgrade unpacks /usr/bin/node: activate the trigger, then run the interested
      // packages' postinst with `triggered`.
      execFileSync('dpkg-trigger', ['--no-await', '/usr/bin/node']);
      execFileSync('dpkg', ['--triggers-only', 'virt-facts'], { stdio: 'pipe' });
      equal(fs.readdirSync('/var/cache/virt-facts').filter((name) => name.endsWith('.cache')).length, 1);
    });

    consumerSuite('the real consumers find it without being told where', { programs: ['ansible', 'facter'], packages: ['ansible-core', 'facter'] }, () => {
      it('ansible -m setup (default fact_path) shows ansible_local.virt', () => {
        const result = spawnSync('ansible', ['localhost', '-c', 'local', '-i', 'localhost,', '-m', 'setup', '-a', 'filter=ansible_local'], {
          encoding: 'utf8',
          env: { ...process.env, ...ANSIBLE_JSON_OUTPUT, ANSIBLE_LOCALHOST_WARNING: 'false', VIRT_FACTS_ROOT: host.root },
        });
        equal(result.status, 0, result.stderr);
        equal(JSON.parse(result.stdout).plays[0].tasks[0].hosts.localhost.ansible_facts.ansible_local.virt.vm, golden.vm);
      });

      it('facter virt_facts.vm (no --external-dir)', () => {
        const result = spawnSync('facter', ['--no-custom-facts', 'virt_facts.vm'], { encoding: 'utf8', env: { ...process.env, VIRT_FACTS_ROOT: host.root } });
        deepStrictEqual([result.status, result.stdout.trim(), result.stderr], [0, golden.vm, '']);
      });
    });

  });

  // A suite of its own: mocha runs a suite's tests before its nested suites, and the consumers come first.
  describe('then removed', function () {
    before(function () {
      if (!root) this.skip();
    });

    it('dpkg --purge leaves nothing behind', () => {
      execFileSync('dpkg', ['--purge', 'virt-facts'], { stdio: 'pipe' });
      equal(installed(), false);
      deepStrictEqual(present(), beforeInstall);
    });
  });
});
