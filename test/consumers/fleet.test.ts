/**
 * A fleet: the Ansible collection is built and installed with ansible-galaxy into a temporary collections path,
 * and the real ansible-playbook runs its playbook virtfacts.virt_facts.site (which installs the fact with the role
 * virtfacts.virt_facts.install) in check mode over an inventory of hosts
 * (local connection, each pointed at a different fixture root), gathers all their facts in one run with the
 * jsonfile fact cache on, and each host takes the branches its facts call for. Nothing on the machine changes.
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { tree, type Tree } from '../helpers/tree.ts';
import { consumerSuite } from '../helpers/consumer.ts';
import { ANSIBLE_JSON_OUTPUT } from './ansible-output.ts';
import { PLAYBOOK, installCollection, type InstalledCollection } from '../helpers/collection.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Branches each fixture host must take, from what it is (not from its golden). */
const FLEET: Record<string, string[]> = {
  'x86_64-xen-hvm-emulated': ['install-xen-pv-drivers', 'guest-agent xe-guest-utilities', 'tuned virtual-guest'],
  'x86_64-xen-hvm-pvdrivers': ['io-scheduler-none', 'guest-agent xe-guest-utilities', 'tuned virtual-guest'],
  'x86_64-xen-pv-domU': ['io-scheduler-none', 'guest-agent xe-guest-utilities', 'tuned virtual-guest'],
  'x86_64-xen-dom0': ['tuned virtual-host'],
  'x86_64-aws-xen-hvm': ['io-scheduler-none', 'tuned virtual-guest'],
  'x86_64-kvm-virtio': ['io-scheduler-none', 'tuned virtual-guest'],
  'x86_64-qemu-tcg': ['tuned virtual-guest'],
  'x86_64-firecracker-kvm-nested': ['io-scheduler-none', 'tuned virtual-guest'],
  'x86_64-baremetal': ['tuned throughput-performance', 'bare-metal'],
  'x86_64-baremetal-kvm-host': ['tuned virtual-host'],
};

consumerSuite('a fleet through ansible-playbook and the collection (real ansible-core, check mode)', { programs: ['ansible-playbook', 'ansible-galaxy'], packages: ['ansible-core'] }, function () {
  this.timeout(1200000);
  const fixtures: FixtureHost[] = [];
  let work: Tree;
  let collection: InstalledCollection | undefined;
  let branches: Record<string, string[]> = {};
  let cacheDir = '';

  before(() => {
    collection = installCollection();
    work = tree({});
    cacheDir = path.join(work.root, 'cache');
    const hosts: Record<string, unknown> = {};
    for (const name of Object.keys(FLEET)) {
      const fixture = materialiseFixture(name);
      fixtures.push(fixture);
      hosts[name] = {
        ansible_connection: 'local',
        ansible_python_interpreter: '/usr/bin/python3',
        virt_facts_fact_path: path.join(repo, 'facts.d'),
        virt_facts_environment: { VIRT_FACTS_ROOT: fixture.root },
      };
    }
    const inventory = path.join(work.root, 'inventory.yml');
    fs.writeFileSync(inventory, JSON.stringify({ all: { hosts } }));
    const result = spawnSync('ansible-playbook', ['-i', inventory, PLAYBOOK, '--check', '-e', 'virt_facts_install_packages=false'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ANSIBLE_COLLECTIONS_PATH: collection.collectionsPath,
        ...ANSIBLE_JSON_OUTPUT,
        ANSIBLE_CACHE_PLUGIN: 'jsonfile',
        ANSIBLE_CACHE_PLUGIN_CONNECTION: cacheDir,
        ANSIBLE_FORKS: '10',
        ANSIBLE_PIPELINING: '1',
        ANSIBLE_LOCAL_TEMP: path.join(work.root, 'tmp'),
      },
      timeout: 540000,
    });
    if (result.error) throw new Error(`ansible-playbook could not run (.ci/run installs ansible-core): ${result.error.message}`);
    equal(result.status, 0, `${result.stdout.slice(-3000)}\n${result.stderr}`);
    fs.writeFileSync(path.join(process.env.TMPDIR ?? '/tmp', 'virt-facts-fleet-output.json'), result.stdout);
    const output = JSON.parse(result.stdout);
    branches = Object.fromEntries(Object.keys(FLEET).map((h) => [h, [] as string[]]));
    for (const task of output.plays[0].tasks) {
      for (const [host, outcome] of Object.entries(task.hosts as Record<string, { skipped?: boolean; msg?: string }>)) {
        if (!outcome.skipped && typeof outcome.msg === 'string' && outcome.msg.startsWith('branch: ')) branches[host]?.push(outcome.msg.slice('branch: '.length));
      }
    }
  });
  after(() => {
    for (const f of fixtures) f.cleanup();
    work?.cleanup();
    collection?.cleanup();
  });

  for (const [host, expected] of Object.entries(FLEET)) {
    it(`${host} takes: ${expected.join(', ')}`, () => deepStrictEqual(branches[host], expected));
  }

  it('cached every host\'s ansible_local.virt (jsonfile), and each cache entry passes `virt-facts validate`', () => {
    for (const host of Object.keys(FLEET)) {
      const file = path.join(cacheDir, host);
      const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
      equal(typeof cached.ansible_local.virt.vm, 'string', host);
      const result = spawnSync(path.join(repo, 'facts.d', 'virt.fact'), ['validate', file], { encoding: 'utf8' });
      deepStrictEqual([result.status, result.stdout.trim()], [0, `${file}: valid (schema_version 1)`]);
    }
  });
});
