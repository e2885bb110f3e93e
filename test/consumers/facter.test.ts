/**
 * Puppet Facter (Debian's facter, installed by .ci/run) runs the bundle as an external fact. The file is
 * installed without the .fact extension, as Facter's directories hold it; the format is chosen automatically.
 */
import { equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tree, type Tree } from '../helpers/tree.ts';
import { factDirWith } from '../helpers/fact-dir.ts';
import { materialiseFixture, type FixtureHost } from '../helpers/fixture-root.ts';
import { consumerSuite } from '../helpers/consumer.ts';

function facter(dir: string, query: string, env: Record<string, string> = {}) {
  const result = spawnSync('facter', ['--external-dir', dir, '--no-custom-facts', query], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120000 });
  if (result.error) throw new Error(`facter could not run (is facter installed? .ci/run installs it): ${result.error.message}`);
  return result;
}

consumerSuite('Facter external fact (real facter)', { programs: ['facter'], packages: ['facter'] }, function () {
  this.timeout(180000);
  let dir: Tree;
  let fixture: FixtureHost | undefined;
  beforeEach(() => {
    dir = factDirWith('virt_facts');
  });
  afterEach(() => {
    dir.cleanup();
    fixture?.cleanup();
    fixture = undefined;
  });

  it('resolves virt_facts.vm for this machine, and logs nothing', () => {
    const result = facter(dir.root, 'virt_facts.vm');
    equal(result.status, 0, result.stderr);
    ok(/^[a-z-]+$/.test(result.stdout.trim()), result.stdout);
    equal(result.stderr.includes('WARN'), false, result.stderr);
  });

  it('carries a fixture answer through Facter, with no nulls (Xen PV domU)', () => {
    fixture = materialiseFixture('x86_64-xen-pv-domU');
    const result = facter(dir.root, 'virt_facts', { VIRT_FACTS_ROOT: fixture.root });
    equal(result.status, 0, result.stderr);
    ok(result.stdout.includes('vm => "xen"'), result.stdout);
    ok(result.stdout.includes('guest_type => "PV"'), result.stdout);
    equal(/=> nil|=> ""$/m.test(result.stdout), false, 'no null values reach Facter');
  });

  it('never overrides the core facts virtual, is_virtual or hypervisors', () => {
    const empty = tree({});
    try {
      for (const fact of ['virtual', 'is_virtual', 'hypervisors']) equal(facter(dir.root, fact).stdout, facter(empty.root, fact).stdout, fact);
    } finally {
      empty.cleanup();
    }
  });
});
