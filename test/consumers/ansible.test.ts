/**
 * The real consumer: Debian's ansible-core runs the freshly built facts.d/virt.fact through the setup module,
 * exactly as `ansible localhost -m setup -a 'filter=ansible_local'` does on an operator's machine.
 * .ci/run installs ansible-core; without it this suite is pending (test/helpers/consumer.ts), and fails in CI.
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '../helpers/tree.ts';
import { factDirWith } from '../helpers/fact-dir.ts';
import { materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { consumerSuite } from '../helpers/consumer.ts';
import { ANSIBLE_JSON_OUTPUT } from './ansible-output.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'schema/virt-facts.schema.json'), 'utf8'));

function gatherLocalFacts(factPath: string, env: Record<string, string> = {}): Record<string, unknown> {
  const result = spawnSync('ansible', ['localhost', '-c', 'local', '-i', 'localhost,', '-m', 'setup', '-a', `filter=ansible_local fact_path=${factPath}`], {
    encoding: 'utf8',
    env: { ...process.env, ...ANSIBLE_JSON_OUTPUT, ANSIBLE_LOCALHOST_WARNING: 'false', ...env },
    timeout: 120000,
  });
  if (result.error) throw new Error(`ansible could not run (is ansible-core installed? .ci/run installs it): ${result.error.message}`);
  equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout);
  return output.plays[0].tasks[0].hosts.localhost.ansible_facts.ansible_local;
}

consumerSuite('Ansible facts.d (real ansible-core)', { programs: ['ansible'], packages: ['ansible-core'] }, function () {
  this.timeout(180000);
  let dir: Tree;
  let fixture: FixtureHost | undefined;
  beforeEach(() => {
    dir = factDirWith('virt.fact');
  });
  afterEach(() => {
    dir.cleanup();
    fixture?.cleanup();
    fixture = undefined;
  });

  it('shows ansible_local.virt with every key of the contract, on this machine', () => {
    const virt = gatherLocalFacts(dir.root).virt as Record<string, unknown>;
    deepStrictEqual(Object.keys(virt).sort(), [...schema.required].sort());
    equal(typeof virt.vm, 'string');
  });

  it('carries the fixture answer through Ansible (vm, mode, xen) when pointed at a fixture root', () => {
    fixture = materialiseFixture('x86_64-firecracker-kvm-nested');
    const virt = gatherLocalFacts(dir.root, { VIRT_FACTS_ROOT: fixture.root }).virt as Record<string, any>;
    deepStrictEqual([virt.vm, virt.mode, virt.role, virt.host.nested, virt.xen], ['kvm', 'hvm', 'guest', true, null]);
  });
});
