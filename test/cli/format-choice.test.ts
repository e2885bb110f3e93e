import { deepStrictEqual, equal } from 'node:assert/strict';
import { chooseFormat, type Invocation } from '../../src/cli/format-choice.ts';

/** An invocation as the table row describes it; the process questions become functions, as chooseFormat asks them. */
type Row = Partial<Omit<Invocation, 'stdoutIsTerminal' | 'parent'> & { stdoutIsTerminal: boolean; parent: string }>;
const invocation = (row: Row): Invocation => {
  const { stdoutIsTerminal = false, parent = 'bash', ...rest } = row;
  return { invokedAs: '/usr/local/bin/virt-facts', env: {}, ...rest, stdoutIsTerminal: () => stdoutIsTerminal, parent: () => parent };
};

describe('format chosen without --format', () => {
  const cases: [string, Row, string][] = [
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
  for (const [name, row, expected] of cases) it(`${name}: ${expected}`, () => equal(chooseFormat(invocation(row)), expected));
  it('asks neither the terminal nor the parent process about a .fact file', () => {
    const asked: string[] = [];
    const format = chooseFormat({
      invokedAs: '/etc/ansible/facts.d/virt.fact',
      env: {},
      stdoutIsTerminal: () => (asked.push('terminal'), true),
      parent: () => (asked.push('parent'), 'facter'),
    });
    equal(format, 'ansible');
    deepStrictEqual(asked, []);
  });
});
