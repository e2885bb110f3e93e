/**
 * Chef Ohai (Debian's ohai package) runs examples/chef/ohai/virt_facts.rb, which runs the installed virt-facts
 * (here: the built bundle, linked as `virt-facts` on PATH): on this machine, on a fixture root, and with the
 * program missing, when the plugin must log and provide nothing while Ohai goes on.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from '../../src/validate.ts';
import { consumerSuite } from '../helpers/consumer.ts';
import { materialiseFixture } from '../helpers/fixture-root.ts';
import { tree, type Tree } from '../helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
const plugin = path.join(repo, 'examples', 'chef', 'ohai', 'virt_facts.rb');
/** A PATH without any virt-facts: the system directories only. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function ohai(args: string[], env: Record<string, string>) {
  const result = spawnSync('ohai', args, { encoding: 'utf8', env: { HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 120000, cwd: '/' });
  if (result.error) throw new Error(`ohai could not run: ${result.error.message}`);
  return result;
}

consumerSuite('Chef Ohai plugin (real ohai)', { programs: ['ohai'], packages: ['ohai'] }, function () {
  this.timeout(180000);
  let dirs: Tree;
  let pluginDir: string;
  let binDir: string;

  before(() => {
    dirs = tree({});
    pluginDir = path.join(dirs.root, 'plugins');
    binDir = path.join(dirs.root, 'bin');
    fs.mkdirSync(pluginDir);
    fs.mkdirSync(binDir);
    fs.copyFileSync(plugin, path.join(pluginDir, 'virt_facts.rb'));
    fs.symlinkSync(bundle, path.join(binDir, 'virt-facts'));
  });
  after(() => dirs?.cleanup());

  const withProgram = () => ({ PATH: `${binDir}:${SYSTEM_PATH}` });

  it('provides virt_facts for this machine: the document virt-facts prints, without the evidence', () => {
    const result = ohai(['-d', pluginDir, 'virt_facts'], withProgram());
    equal(result.status, 0, result.stderr);
    const fromOhai = JSON.parse(result.stdout);
    const direct = JSON.parse(spawnSync(bundle, ['--format', 'json', '--no-evidence'], { encoding: 'utf8' }).stdout);
    deepStrictEqual(validate(fromOhai), { ok: true });
    deepStrictEqual([fromOhai.vm, fromOhai.container, fromOhai.role, fromOhai.mode, fromOhai.evidence], [direct.vm, direct.container, direct.role, direct.mode, []]);
    equal(result.stderr.includes('VirtFacts'), false, result.stderr);
  });

  it('carries a fixture root through Ohai (VIRT_FACTS_ROOT): a Xen PV domU', () => {
    const fixture = materialiseFixture('x86_64-xen-pv-domU');
    try {
      const result = ohai(['-d', pluginDir, 'virt_facts/xen'], { ...withProgram(), VIRT_FACTS_ROOT: fixture.root });
      equal(result.status, 0, result.stderr);
      const xen = JSON.parse(result.stdout);
      deepStrictEqual([xen.domain, xen.guest_type, xen.pv_drivers], ['domU', 'PV', true]);
    } finally {
      fixture.cleanup();
    }
  });

  it("leaves Ohai's own virtualization attribute as Ohai computes it", () => {
    const withPlugin = ohai(['-d', pluginDir, 'virtualization'], withProgram());
    const without = ohai(['virtualization'], withProgram());
    deepStrictEqual([withPlugin.status, withPlugin.stdout], [0, without.stdout]);
  });

  it('with the program missing: logs a warning, provides nothing, and Ohai completes', function () {
    if (['/usr/local/bin/virt-facts', '/etc/ansible/facts.d/virt.fact'].some((p) => fs.existsSync(p))) this.skip(); // installed here: not missing
    const result = ohai(['-d', pluginDir], { PATH: SYSTEM_PATH });
    equal(result.status, 0, result.stderr);
    const all = JSON.parse(result.stdout);
    equal('virt_facts' in all, false);
    ok('virtualization' in all && 'kernel' in all, 'the other plugins ran');
    ok(/WARN: Plugin VirtFacts: virt-facts is not installed/.test(result.stderr), result.stderr);
  });

  it('with a configured command that does not exist: the same, and the path in the warning', () => {
    const config = path.join(dirs.root, 'ohai.rb');
    fs.writeFileSync(config, 'ohai.plugin[:virt_facts][:command] = "/nonexistent/virt-facts"\n');
    const result = ohai(['-c', config, '-d', pluginDir], withProgram());
    equal(result.status, 0, result.stderr);
    equal('virt_facts' in JSON.parse(result.stdout), false);
    ok(result.stderr.includes('WARN: Plugin VirtFacts: cannot run /nonexistent/virt-facts'), result.stderr);
  });
});
