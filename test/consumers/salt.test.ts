/** Salt: the grains document parses as YAML, and the documented custom grain module works under python3. */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { materialiseFixture } from '../helpers/fixture-root.ts';
import { consumerSuite } from '../helpers/consumer.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');

describe('Salt grains', function () {
  this.timeout(60000);

  it('--format salt is YAML with the facts under virt_facts (for /etc/salt/grains)', () => {
    const host = materialiseFixture('x86_64-xen-hvm-emulated');
    try {
      const result = spawnSync(bundle, ['--format', 'salt', '--root', host.root], { encoding: 'utf8' });
      equal(result.status, 0);
      const grains = parseYaml(result.stdout);
      deepStrictEqual(Object.keys(grains), ['virt_facts']);
      deepStrictEqual([grains.virt_facts.vm, grains.virt_facts.xen.guest_type, grains.virt_facts.tuning.install_pv_drivers], ['xen', 'HVM', true]);
    } finally {
      host.cleanup();
    }
  });

  consumerSuite('the custom grain module', { programs: ['python3'], packages: ['python3'] }, () => {
    it('examples/salt/_grains/virt_facts.py returns {virt_facts: ...} from the program', () => {
      const host = materialiseFixture('x86_64-kvm-virtio');
      try {
        const script = [
          'import importlib.util, json, sys',
          `spec = importlib.util.spec_from_file_location("virt_facts", ${JSON.stringify(path.join(repo, 'examples/salt/_grains/virt_facts.py'))})`,
          'module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)',
          'print(json.dumps(module.virt_facts()))',
        ].join('\n');
        const result = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, VIRT_FACTS_PROGRAM: bundle, VIRT_FACTS_ROOT: host.root } });
        equal(result.status, 0, result.stderr);
        equal(JSON.parse(result.stdout).virt_facts.vm, 'kvm');
      } finally {
        host.cleanup();
      }
    });
  });
});
