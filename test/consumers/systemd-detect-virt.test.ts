/**
 * `detect-virt` through the bundle, and side by side with the real systemd-detect-virt of this machine for every
 * option that version has: the same output and exit status, except where a difference the README documents
 * applies, which is then established here from the machine's own evidence (read independently of virt-facts)
 * and expected instead.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYSTEMD_CVM_IDS, SYSTEMD_VIRT_IDS } from '../../src/cli/detect-virt.ts';
import { consumerSuite } from '../helpers/consumer.ts';
import { materialiseFixture } from '../helpers/fixture-root.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
/** The README's table of deliberate differences (### A drop-in for systemd-detect-virt). */
const DIFFERENCES = (() => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- detect-virt differences -->');
  return start === -1 ? '' : readme.slice(start, readme.indexOf('\n## ', start));
})();

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}
const ours = (args: string[], env: Record<string, string> = {}) => run(bundle, ['detect-virt', ...args], env);

describe('detect-virt through the bundle', function () {
  this.timeout(120000);

  const cases: [host: string, args: string[], stdout: string, status: number][] = [
    ['x86_64-firecracker-kvm-stale-dockerenv', [], 'kvm\n', 0],
    ['x86_64-firecracker-kvm-stale-dockerenv', ['--container'], 'none\n', 1],
    ['x86_64-docker-on-kvm', [], 'docker\n', 0],
    ['x86_64-docker-on-kvm', ['-v'], 'kvm\n', 0],
    ['x86_64-xen-dom0', ['--vm'], 'none\n', 1],
    ['x86_64-aws-sev-snp', ['--cvm'], 'sev-snp\n', 0],
    ['x86_64-baremetal-amd-sev-host', ['--cvm'], 'none\n', 1],
    ['x86_64-kvm-virtio', ['-qv'], '', 0],
    ['x86_64-baremetal', ['-q'], '', 1],
  ];
  for (const [host, args, stdout, status] of cases) {
    it(`${host}: detect-virt ${args.join(' ')} -> ${JSON.stringify(stdout)}, exit ${status}`, () => {
      const fixture = materialiseFixture(host);
      try {
        const result = ours(['--root', fixture.root, ...args]);
        deepStrictEqual([result.stdout, result.status, result.stderr], [stdout, status, '']);
      } finally {
        fixture.cleanup();
      }
    });
  }

  it('--list and --list-cvm print the vocabulary one id a line, exit 0', () => {
    deepStrictEqual([ours(['--list']).stdout, ours(['--list']).status], [`${SYSTEMD_VIRT_IDS.join('\n')}\n`, 0]);
    equal(ours(['--list-cvm']).stdout, `${SYSTEMD_CVM_IDS.join('\n')}\n`);
  });

  it('linked as systemd-detect-virt, it is that command, with or without arguments', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virt-facts-sdv-'));
    const fixture = materialiseFixture('x86_64-docker-on-kvm');
    try {
      const link = path.join(dir, 'systemd-detect-virt');
      fs.symlinkSync(bundle, link);
      const env = { VIRT_FACTS_ROOT: fixture.root };
      deepStrictEqual([run(link, [], env).stdout, run(link, [], env).status], ['docker\n', 0]);
      deepStrictEqual([run(link, ['--vm'], env).stdout, run(link, ['-c', '-q'], env).stdout], ['kvm\n', '']);
      ok(run(link, ['--help'], env).stdout.includes('--private-users'));
    } finally {
      fixture.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a usage error is the program\'s: exit 2 and a message, nothing on stdout', () => {
    const result = ours(['--vmm']);
    deepStrictEqual([result.status, result.stdout], [2, '']);
    ok(result.stderr.includes('Unknown argument'), result.stderr);
  });
});

/** What this machine shows, read here without virt-facts, deciding whether a documented difference applies. */
function machine() {
  const read = (p: string) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const nspid = /^NSpid:\s*(.*)$/m.exec(read('/proc/self/status') ?? '')?.[1]?.trim().split(/\s+/) ?? [];
  const devtmpfs = / \/dev .* - devtmpfs /m.test(read('/proc/self/mountinfo') ?? '');
  let kernelSignature: string | undefined;
  try {
    const fd = fs.openSync('/dev/cpu/0/cpuid', 'r');
    const bytes = Buffer.alloc(16);
    fs.readSync(fd, bytes, 0, 16, 0x40000000);
    fs.closeSync(fd);
    kernelSignature = bytes.subarray(4).toString('latin1').replace(/\0+$/, '');
  } catch {
    kernelSignature = undefined;
  }
  // systemd's own debug log names the CPUID signature it read (from user space, with the cpuid instruction).
  const debug = run('systemd-detect-virt', ['--vm'], { SYSTEMD_LOG_LEVEL: 'debug' }).stderr;
  return {
    staleDockerenv: fs.existsSync('/.dockerenv') && nspid.length === 1 && devtmpfs,
    kernelSignature,
    kvmClock: (read('/sys/devices/system/clocksource/clocksource0/available_clocksource') ?? '').split(/\s+/).includes('kvm-clock'),
    userSpaceSignature: /CPUID=(.*)$/m.exec(debug)?.[1]?.replace(/\0+$/, ''),
  };
}

consumerSuite('detect-virt beside the real systemd-detect-virt', { programs: ['systemd-detect-virt'], packages: ['systemd'] }, function () {
  this.timeout(120000);
  let help = '';
  before(() => {
    help = run('systemd-detect-virt', ['--help']).stdout;
  });

  const has = (option: string) => help.includes(option);

  it('prints the same --list (and --list-cvm where this version has it)', () => {
    equal(ours(['--list']).stdout, run('systemd-detect-virt', ['--list']).stdout);
    if (has('--list-cvm')) equal(ours(['--list-cvm']).stdout, run('systemd-detect-virt', ['--list-cvm']).stdout);
  });

  it('answers --vm as systemd does, or as the documented CPUID difference says', () => {
    const theirs = run('systemd-detect-virt', ['--vm']);
    const mine = ours(['--vm']);
    const m = machine();
    // The kernel's view: its cpuid device (root), or else kvm-clock, which only KVM's leaves make the kernel register.
    const kernelView = m.kernelSignature ?? (m.kvmClock ? 'KVMKVMKVM' : undefined);
    if (kernelView !== undefined && m.userSpaceSignature !== undefined && kernelView !== m.userSpaceSignature.trimEnd()) {
      // User space and the kernel read different hypervisor signatures: virt-facts takes the kernel's.
      ok(DIFFERENCES.includes('answers user-space CPUID differently'), 'the README documents this difference');
      const facts = JSON.parse(run(bundle, ['--format', 'json']).stdout);
      equal(mine.stdout, `${facts.vm}\n`);
      if (m.kernelSignature !== undefined) equal(facts.hypervisor?.signature, m.kernelSignature);
      else equal(facts.vm, 'kvm');
      ok(mine.stdout !== theirs.stdout, `systemd read ${JSON.stringify(m.userSpaceSignature)}, the kernel ${JSON.stringify(kernelView)}`);
    } else {
      deepStrictEqual([mine.stdout, mine.status], [theirs.stdout, theirs.status]);
    }
  });

  it('answers --container and the default as systemd does, or as the documented /.dockerenv difference says', () => {
    const m = machine();
    const vm = ours(['--vm']).stdout;
    for (const args of [['--container'], []]) {
      const theirs = run('systemd-detect-virt', args);
      const mine = ours(args);
      if (m.staleDockerenv && theirs.stdout === 'docker\n') {
        ok(DIFFERENCES.includes('a stale `/.dockerenv`'), 'the README documents this difference');
        equal(mine.stdout, args.length > 0 ? 'none\n' : vm, `detect-virt ${args.join(' ')}`);
      } else if (args.length === 0 && vm !== run('systemd-detect-virt', ['--vm']).stdout && theirs.stdout === run('systemd-detect-virt', ['--vm']).stdout) {
        equal(mine.stdout, vm, 'no container: the VM, with the --vm difference above');
      } else {
        deepStrictEqual([mine.stdout, mine.status], [theirs.stdout, theirs.status], `detect-virt ${args.join(' ')}`);
      }
      equal(mine.status, mine.stdout === 'none\n' ? 1 : 0);
    }
  });

  it('--quiet prints nothing and exits as the answer says', () => {
    const theirs = run('systemd-detect-virt', ['--quiet']);
    const mine = ours(['--quiet']);
    deepStrictEqual([mine.stdout, theirs.stdout], ['', '']);
    equal(mine.status, ours([]).stdout === 'none\n' ? 1 : 0);
    equal(mine.status, theirs.status, 'both detect something, or both nothing');
  });

  for (const option of ['--chroot', '--private-users', '--cvm']) {
    it(`${option}: the same exit status and output`, function () {
      if (!has(option)) this.skip();
      const theirs = run('systemd-detect-virt', [option]);
      const mine = ours([option]);
      deepStrictEqual([mine.stdout, mine.status], [theirs.stdout, theirs.status]);
      // Where systemd could not tell (e.g. /proc/1/root refused), neither can detect-virt, and both say so.
      equal(mine.stderr === '', theirs.stderr === '', `systemd: ${theirs.stderr} / virt-facts: ${mine.stderr}`);
    });
  }
});
