/**
 * The live run on the machine the suite runs on (this project's machines are Firecracker/KVM microVMs).
 * Expectations are derived from what the machine itself shows, read here independently of the probes,
 * so the test holds on any Linux machine and pins the known answer on this one. CI also runs it unprivileged.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from '../src/validate.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (p: string): string | undefined => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

function cpuidSignature(): string | undefined {
  try {
    const fd = fs.openSync('/dev/cpu/0/cpuid', 'r');
    const bytes = Buffer.alloc(16);
    fs.readSync(fd, bytes, 0, 16, 0x40000000);
    fs.closeSync(fd);
    return bytes.subarray(4).toString('latin1').replace(/\0+$/, '');
  } catch {
    return undefined;
  }
}

describe('live run on this machine', () => {
  const result = spawnSync(path.join(repo, 'facts.d', 'virt.fact'), [], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const facts = JSON.parse(result.stdout || '{}');

  it('keeps the fact contract: exit 0, silent stderr, one valid document', () => {
    deepStrictEqual([result.status, result.stderr], [0, '']);
    deepStrictEqual(validate(facts), { ok: true });
  });

  it('is a guest exactly when the CPU says a hypervisor is present', () => {
    const hypervisorFlag = / hypervisor( |$)/m.test(read('/proc/cpuinfo')?.split('\n\n')[0] ?? '');
    equal(facts.role === 'guest', hypervisorFlag);
    if (hypervisorFlag) ok(facts.vm !== 'none');
  });

  it('names KVM when the CPUID device shows KVMKVMKVM, or kvm-clock is available without it', function () {
    const signature = cpuidSignature();
    const clocks = read('/sys/devices/system/clocksource/clocksource0/available_clocksource') ?? '';
    if (signature !== 'KVMKVMKVM' && !(signature === undefined && clocks.includes('kvm-clock'))) this.skip();
    equal(facts.vm, 'kvm');
    equal(facts.confidence, signature === 'KVMKVMKVM' ? 'high' : 'medium');
  });

  it('overrules a stale /.dockerenv when this process is in the initial PID namespace with devtmpfs /dev', function () {
    const nspid = /^NSpid:\s*(.*)$/m.exec(read('/proc/self/status') ?? '')?.[1]?.trim().split(/\s+/) ?? [];
    const devtmpfs = / \/dev .* - devtmpfs /m.test(read('/proc/self/mountinfo') ?? '');
    if (!fs.existsSync('/.dockerenv') || nspid.length !== 1 || !devtmpfs) this.skip();
    equal(facts.container, 'none');
    ok(facts.warnings.some((w: string) => w.startsWith('/.dockerenv is present but overruled')));
  });

  it('reports /dev/kvm as a capability, and as nested only inside a guest', () => {
    const kvm = fs.existsSync('/dev/kvm');
    deepStrictEqual([facts.host.kvm_device, facts.host.nested], [kvm, kvm && facts.role === 'guest']);
  });

  it('lists every unreadable source in errors (e.g. /proc/1/environ without CAP_SYS_PTRACE)', function () {
    let environReadable = true;
    try {
      fs.readFileSync('/proc/1/environ');
    } catch {
      environReadable = false;
    }
    equal(facts.errors.some((e: { path: string }) => e.path === '/proc/1/environ'), !environReadable);
  });
});
