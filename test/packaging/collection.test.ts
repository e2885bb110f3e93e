/**
 * The Ansible collection virtfacts.virt_facts (`npm run build:collection`): built with ansible-galaxy into dist/,
 * installed with ansible-galaxy into a temporary collections path, and its role run for real (into temporary
 * directories) on this machine: with a usable Node.js it installs the program as the fact; without one (Node 10
 * is the only one the fact finds) it installs the single executable for the architecture instead. The aarch64
 * single executable runs under Debian's qemu-user. (test/consumers/fleet.test.ts runs the collection's playbook.)
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANSIBLE_JSON_OUTPUT } from '../consumers/ansible-output.ts';
import { ROLE, builtCollection, installCollection, type InstalledCollection } from '../helpers/collection.ts';
import { consumerSuite } from '../helpers/consumer.ts';
import { HOSTS_DIR, materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { NODE_VERSIONS, nodeBinary } from '../helpers/node-binaries.ts';
import { tree, type Tree } from '../helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const bundle = path.join(repo, 'facts.d', 'virt.fact');

interface TaskResult {
  skipped?: boolean;
  changed?: boolean;
  [key: string]: unknown;
}

consumerSuite('Ansible collection virtfacts.virt_facts (ansible-galaxy build and install, the role run for real)', { programs: ['ansible-galaxy', 'ansible-playbook'], packages: ['ansible-core'] }, function () {
  this.timeout(1200000);
  let collection: InstalledCollection;
  let host: FixtureHost;
  let golden: { vm: string; mode: string };
  before(() => {
    collection = installCollection();
    host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
    golden = JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host.name, 'expected.json'), 'utf8'));
  });
  after(() => {
    collection?.cleanup();
    host?.cleanup();
  });

  /** Runs the role on localhost into `work`, then reports ansible_local.virt; the task results by task name. */
  function runRole(work: Tree, extraVars: Record<string, unknown>, env: Record<string, string>, check = false) {
    const playbook = path.join(work.root, 'play.yml');
    fs.writeFileSync(
      playbook,
      JSON.stringify([{ hosts: 'all', gather_facts: false, roles: [{ role: ROLE }], tasks: [{ name: 'report', 'ansible.builtin.debug': { var: 'ansible_local.virt' } }] }]),
    );
    const vars = { virt_facts_fact_path: path.join(work.root, 'facts.d'), virt_facts_prefix: path.join(work.root, 'lib'), ...extraVars };
    const result = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', playbook, '-e', JSON.stringify(vars), ...(check ? ['--check'] : [])], {
      encoding: 'utf8',
      // The role's `cache` task writes the code cache where fact runs look: here in `work`, not in /var/cache.
      env: { ...process.env, ...ANSIBLE_JSON_OUTPUT, ANSIBLE_COLLECTIONS_PATH: collection.collectionsPath, ANSIBLE_LOCALHOST_WARNING: 'false', VIRT_FACTS_ROOT: host.root, VIRT_FACTS_CACHE_DIR: path.join(work.root, 'cache'), ...env },
      timeout: 600000,
    });
    equal(result.status, 0, `${result.stdout.slice(-3000)}\n${result.stderr}`);
    const tasks: { task: { name: string }; hosts: { localhost: TaskResult } }[] = JSON.parse(result.stdout).plays[0].tasks;
    // Ansible names a role's tasks `<role> : <name>`.
    const byName = new Map(tasks.map((t) => [t.task.name.replace(`${ROLE} : `, ''), t.hosts.localhost]));
    return { byName, virt: byName.get('report')?.['ansible_local.virt'] as { vm: string; mode: string } | undefined };
  }

  it(`is built into dist/virtfacts-virt_facts-${pkg.version}.tar.gz with the fact, the role, the playbook and both single executables`, () => {
    const listing = execFileSync('tar', ['tzf', builtCollection()], { encoding: 'utf8' }).split('\n');
    for (const file of ['MANIFEST.json', 'FILES.json', 'README.md', 'meta/runtime.yml', 'playbooks/site.yml', 'roles/install/tasks/main.yml', 'roles/install/tasks/runtime.yml', 'roles/install/defaults/main.yml', 'roles/install/files/virt.fact', 'roles/install/files/single-executable/virt-facts-linux-x86_64', 'roles/install/files/single-executable/virt-facts-linux-aarch64']) {
      ok(listing.includes(file), file);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(collection.dir, 'MANIFEST.json'), 'utf8')).collection_info;
    deepStrictEqual([manifest.namespace, manifest.name, manifest.version], ['virtfacts', 'virt_facts', pkg.version]);
    deepStrictEqual(fs.readFileSync(path.join(collection.dir, 'roles/install/files/virt.fact')), fs.readFileSync(bundle));
  });

  it('with a usable Node.js, the role installs the program as the fact with its code cache and re-gathers local facts; a second run changes nothing', () => {
    const work = tree({});
    try {
      const first = runRole(work, {}, {});
      deepStrictEqual([first.virt?.vm, first.virt?.mode], [golden.vm, golden.mode]);
      const fact = path.join(work.root, 'facts.d', 'virt.fact');
      deepStrictEqual([fs.lstatSync(fact).isFile(), fs.statSync(fact).mode & 0o777], [true, 0o755]);
      deepStrictEqual(fs.readFileSync(fact), fs.readFileSync(bundle));
      equal(first.byName.get('A runtime for the program')?.skipped, true, 'no runtime to install');
      equal(fs.existsSync(path.join(work.root, 'lib', 'virt-facts')), false);
      equal(first.byName.get('Write the code cache for the Node.js the fact runs on (fact runs only read it; it saves them compiling)')?.changed, true);
      equal(fs.readdirSync(path.join(work.root, 'cache')).filter((name) => name.endsWith('.cache')).length, 1);
      const second = runRole(work, {}, {});
      deepStrictEqual([...second.byName].filter(([, r]) => r.changed === true).map(([name]) => name), []);
    } finally {
      work.cleanup();
    }
  });

  describe('on a host whose only Node.js is too old (Node 10)', () => {
    let node10 = '';
    before(() => {
      node10 = nodeBinary(NODE_VERSIONS[10]);
    });

    it('offers the distribution nodejs when the package manager has 12 or later (check mode: nothing installed)', function () {
      if (spawnSync('sh', ['-c', 'command -v apt-cache']).status !== 0) this.skip();
      const work = tree({});
      try {
        // The program in place first (this machine's Node.js), so that check mode has a program to ask.
        runRole(work, {}, {});
        const run = runRole(work, {}, { VIRT_FACTS_NODE: node10 }, true);
        equal(run.byName.get('A runtime for the program')?.skipped, undefined);
        const major = run.byName.get("Its major version (0 when there is none; Debian's `(none)`, an epoch `1:` before it)")?.ansible_facts as { virt_facts_candidate_major: number } | undefined;
        const offered = execFileSync('apt-cache', ['policy', 'nodejs'], { encoding: 'utf8' }).match(/Candidate: (?:\d+:)?(\d+)/)?.[1];
        equal(Number(major?.virt_facts_candidate_major), Number(offered ?? 0));
        equal(run.byName.get("Install the distribution's nodejs")?.skipped, Number(offered ?? 0) >= 12 ? undefined : true);
      } finally {
        work.cleanup();
      }
    });

    it('installs the single executable for this architecture as the fact; once Node.js is back, the program again', () => {
      const work = tree({});
      try {
        const run = runRole(work, { virt_facts_install_nodejs: false }, { VIRT_FACTS_NODE: node10 });
        deepStrictEqual([run.virt?.vm, run.virt?.mode], [golden.vm, golden.mode]);
        const fact = path.join(work.root, 'facts.d', 'virt.fact');
        const executable = path.join(work.root, 'lib', 'virt-facts');
        equal(fs.readlinkSync(fact), executable);
        const arch = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
        ok(fs.readFileSync(executable).equals(fs.readFileSync(path.join(collection.dir, 'roles/install/files/single-executable', `virt-facts-linux-${arch}`))));
        // Without VIRT_FACTS_NODE the fact finds this machine's Node again.
        const back = runRole(work, {}, {});
        deepStrictEqual([fs.lstatSync(fact).isFile(), fs.existsSync(executable), back.virt?.vm], [true, false, golden.vm]);
      } finally {
        work.cleanup();
      }
    });
  });

  consumerSuite(
    'the aarch64 single executable, under qemu-user',
    { programs: ['qemu-aarch64'], files: ['/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1', '/usr/aarch64-linux-gnu/lib/libstdc++.so.6'], packages: ['qemu-user', 'libc6-arm64-cross', 'libstdc++6-arm64-cross'] },
    () => {
      it('prints the version and the facts of a fixture host', () => {
        const executable = path.join(collection.dir, 'roles/install/files/single-executable/virt-facts-linux-aarch64');
        // ELF e_machine (offset 18, little-endian): 183 is EM_AARCH64.
        equal(fs.readFileSync(executable).readUInt16LE(18), 183);
        const run = (args: string[]) => spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', executable, ...args], { encoding: 'utf8', env: { VIRT_FACTS_ROOT: host.root }, timeout: 300000 });
        deepStrictEqual([run(['--version']).stdout], [`${pkg.version}\n`]);
        const facts = run([]);
        deepStrictEqual([facts.status, facts.stderr], [0, '']);
        deepStrictEqual([JSON.parse(facts.stdout).vm, JSON.parse(facts.stdout).mode], [golden.vm, golden.mode]);
      });
    },
  );
});
