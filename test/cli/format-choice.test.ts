import { equal } from 'node:assert/strict';
import { chooseFormat, type Invocation } from '../../src/cli/format-choice.ts';

const base: Invocation = { invokedAs: '/usr/local/bin/virt-facts', env: {}, stdoutIsTerminal: false, parent: 'bash' };

describe('format chosen without --format', () => {
  const cases: [string, Partial<Invocation>, string][] = [
    ['a .fact file run by Ansible', { invokedAs: '/etc/ansible/facts.d/virt.fact', parent: 'python3' }, 'ansible'],
    ['a .fact file, even on a terminal', { invokedAs: '/etc/ansible/facts.d/virt.fact', stdoutIsTerminal: true }, 'ansible'],
    ["Debian's Facter directory", { invokedAs: '/etc/facter/facts.d/virt_facts' }, 'facter'],
    ["Puppet's agent directory", { invokedAs: '/opt/puppetlabs/facter/facts.d/virt_facts' }, 'facter'],
    ["Puppet's pluginsync directory", { invokedAs: '/var/cache/puppet/facts.d/virt_facts' }, 'facter'],
    ['Facter >= 4.4.1 anywhere (INSIDE_FACTER)', { env: { INSIDE_FACTER: 'true' } }, 'facter'],
    ['run by facter from an --external-dir', { invokedAs: '/srv/facts/virt_facts', parent: 'facter' }, 'facter'],
    ['a person at a terminal', { stdoutIsTerminal: true }, 'text'],
    ['a pipe from a script', {}, 'ansible'],
  ];
  for (const [name, change, expected] of cases) it(`${name}: ${expected}`, () => equal(chooseFormat({ ...base, ...change }), expected));
});
