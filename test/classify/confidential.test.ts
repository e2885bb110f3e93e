/**
 * Confidential guests: one test per decision of CONFIDENTIAL_RULES (classify/precedence.ts), each a small
 * inline tree with the values the CPU, the kernel and the firmware write.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { tuningAdvice } from '../../src/classify/tuning.ts';
import { renderExplanation } from '../../src/cli/explain.ts';
import { materialiseFixture } from '../helpers/fixture-root.ts';
import { factsOf, factsOfTree } from '../helpers/facts.ts';
import type { Entry } from '../helpers/tree.ts';

const cpuinfo = (flags: string) => `processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu vme de pse tsc msr ${flags}\n\n`;
const AMD_LEAF_0 = '00000000 00000010 68747541 444d4163 69746e65';
const GUEST_LEAF_1 = '00000001 00a00f11 00000800 80000000 00000000';
const METAL_LEAF_1 = '00000001 00a00f11 00000800 7ed8320b 00000000';
const KVM = '40000000 40000001 4b4d564b 564b4d56 0000004d';
/** An AMD guest's leaf table with Fn8000_001F EAX as given. */
const amdGuest = (sevBits: number, ...rows: string[]) =>
  [AMD_LEAF_0, GUEST_LEAF_1, '80000000 80000020 0 0 0', `8000001f ${sevBits.toString(16)} 73 0 0`, KVM, ...rows].join('\n');
const msr = (value: number) => `c0010131 ${value.toString(16).padStart(16, '0')}\n`;

/** This process in the initial PID namespace: no container, surely, so `confidence` speaks of the rest. */
const factsFor = (entries: Record<string, Entry>, deny: Record<string, string> = {}): VirtFacts =>
  factsOfTree({ 'proc/self/ns/pid': { link: 'pid:[4026531836]' }, ...entries }, deny);

describe('confidential guests', () => {
  it('SEV_STATUS names what is active, the most specific technology first', () => {
    for (const [status, technology] of [[1, 'sev'], [3, 'sev-es'], [7, 'sev-snp']] as const) {
      const facts = factsFor({ 'proc/cpuinfo': cpuinfo('hypervisor'), 'dev/cpu/0/cpuid': amdGuest(0x1a), 'dev/cpu/0/msr': msr(status) });
      deepStrictEqual([facts.confidential, facts.confidence], [{ technology, sources: ['msr'] }, 'high']);
    }
  });

  it('a CPU that supports SEV-SNP is not an SNP guest: SEV_STATUS read as 0 overrules the kernel flag, with a warning', () => {
    const facts = factsFor({ 'proc/cpuinfo': cpuinfo('hypervisor sev'), 'dev/cpu/0/cpuid': amdGuest(0x1a), 'dev/cpu/0/msr': msr(0) });
    equal(facts.confidential, null);
    deepStrictEqual(facts.warnings, ['/proc/cpuinfo:flags suggests confidential=sev, overruled by /dev/cpu/0/msr@0xc0010131']);
  });

  it('an SEV-capable host shows sev flags and support bits but no hypervisor: null, and no confidential evidence', () => {
    const facts = factsFor({
      'proc/cpuinfo': cpuinfo('svm sme sev sev_es sev_snp'),
      'dev/cpu/0/cpuid': [AMD_LEAF_0, METAL_LEAF_1, '80000000 80000023 0 0 0', '8000001f 1007f b3f3 1fd 1'].join('\n'),
      'dev/cpu/0/msr': msr(0),
      'dev/sev': '',
    });
    deepStrictEqual([facts.vm, facts.confidential], ['none', null]);
    equal(facts.evidence.filter((e) => e.probe === 'confidential').length, 0);
  });

  it('without root the kernel markers answer at medium confidence, and the refused devices are in errors', () => {
    const facts = factsFor(
      {
        'proc/cpuinfo': cpuinfo('hypervisor sev sev_es sev_snp'),
        'dev/cpu/0/cpuid': amdGuest(0x1a),
        'dev/cpu/0/msr': msr(7),
        'dev/sev-guest': '',
        // KVM named by its clock, as without root (medium): the confidential answer must not lower it further
        'sys/devices/system/clocksource/clocksource0/available_clocksource': 'kvm-clock tsc \n',
      },
      { '/dev/cpu/0/cpuid': 'EACCES', '/dev/cpu/0/msr': 'EACCES' },
    );
    deepStrictEqual(facts.confidential, { technology: 'sev-snp', sources: ['cpuinfo', 'sev-guest'] });
    equal(facts.confidence, 'medium');
    deepStrictEqual(facts.errors.map((e) => `${e.probe} ${e.path} ${e.code}`), ['cpuid /dev/cpu/0/cpuid EACCES', 'confidential /dev/cpu/0/msr EACCES']);
  });

  it("as root without the msr module, the CPU's support bit backs the kernel flag: high", () => {
    const facts = factsFor({ 'proc/cpuinfo': cpuinfo('hypervisor sev sev_es'), 'dev/cpu/0/cpuid': amdGuest(0xa) });
    deepStrictEqual([facts.confidential, facts.confidence], [{ technology: 'sev-es', sources: ['cpuid', 'cpuinfo'] }, 'high']);
  });

  it('/dev/sev-guest alone names SEV-SNP (a container of an SNP guest with the device passed in)', () => {
    const facts = factsFor({ 'proc/cpuinfo': cpuinfo('hypervisor'), 'dev/cpu/0/cpuid': [AMD_LEAF_0, GUEST_LEAF_1, KVM].join('\n'), 'dev/sev-guest': '' });
    deepStrictEqual([facts.confidential, facts.confidence], [{ technology: 'sev-snp', sources: ['sev-guest'] }, 'medium']);
  });

  it('the TDX leaf decides on Intel; a plain Intel guest whose leaves reach 0x21 is not confidential', () => {
    const intel = (leaf21: string, flags: string) =>
      factsFor({
        'proc/cpuinfo': cpuinfo(flags).replace('AuthenticAMD', 'GenuineIntel'),
        'dev/cpu/0/cpuid': ['00000000 00000023 756e6547 6c65746e 49656e69', GUEST_LEAF_1, `00000021 ${leaf21}`, KVM].join('\n'),
      });
    deepStrictEqual(intel('0 65746e49 20202020 5844546c', 'hypervisor tdx_guest').confidential, { technology: 'tdx', sources: ['cpuid', 'cpuinfo'] });
    const plain = intel('0 0 0 0', 'hypervisor');
    equal(plain.confidential, null);
    ok(plain.evidence.some((e) => e.supports === 'confidential=none'), 'the leaf that said no is evidence');
  });

  it("a paravisor's isolation leaves decide where the MSR and AMD's leaf are hidden (Azure); VBS isolation is not confidential", () => {
    const hyperv = (isolationType: number, paravisor: number) =>
      factsFor({
        'proc/cpuinfo': cpuinfo('hypervisor'),
        'sys/bus/vmbus/devices/.keep': '',
        'dev/cpu/0/cpuid': [AMD_LEAF_0, GUEST_LEAF_1, '40000000 4000000c 7263694d 666f736f 76482074', '40000003 0 400000 0 0', `4000000c ${paravisor} ${(0xba0 | isolationType).toString(16)} 0 0`].join('\n'),
      }).confidential;
    deepStrictEqual(hyperv(2, 1), { technology: 'sev-snp', sources: ['paravisor'] });
    deepStrictEqual(hyperv(3, 0), { technology: 'tdx', sources: ['cpuid'] });
    equal(hyperv(1, 1), null);
  });

  it('IBM Z Secure Execution and Arm realms are named by their firmware; configfs-tsm alone names nothing', () => {
    deepStrictEqual(factsFor({ 'sys/firmware/uv/prot_virt_guest': '1\n' }).confidential, { technology: 'protvirt', sources: ['ultravisor'] });
    equal(factsFor({ 'sys/firmware/uv/prot_virt_guest': '0\n' }).confidential, null);
    deepStrictEqual(factsFor({ 'sys/bus/platform/devices/arm-cca-dev/.keep': '', 'sys/kernel/config/tsm/report/.keep': '' }).confidential, {
      technology: 'cca',
      sources: ['realm', 'tsm-report'],
    });
    equal(factsFor({ 'proc/cpuinfo': cpuinfo('hypervisor'), 'sys/kernel/config/tsm/report/.keep': '' }).confidential, null);
  });

  it('tuning: no qemu-guest-agent in a confidential guest (guest-exec would hand the host a shell); other agents stay', () => {
    const base = { vm: 'kvm', container: 'none', role: 'guest', xen: null, cloud: null, qemuAgentChannel: true } as const;
    const paravirt = { block: [], net: [], clocksource: { current: null, available: [], paravirtual: false }, balloon: null, other: [], emulated: [], complete: false };
    equal(tuningAdvice({ ...base, paravirt, confidential: null }).guest_agent, 'qemu-guest-agent');
    equal(tuningAdvice({ ...base, paravirt, confidential: { technology: 'sev-snp', sources: ['msr'] } }).guest_agent, null);
    equal(tuningAdvice({ ...base, vm: 'microsoft', paravirt, confidential: { technology: 'sev-snp', sources: ['paravisor'] } }).guest_agent, 'hyperv-daemons');
  });

  it('explain names the answer and what root would add (the msr device)', () => {
    const fixture = materialiseFixture('x86_64-aws-sev-snp-nonroot');
    try {
      const text = renderExplanation(factsOf(fixture.reader), fixture.root, new Map(), false);
      ok(text.includes('Confidential guest: sev-snp, seen by cpuinfo, sev-guest'), text);
      ok(text.includes('/dev/cpu/0/msr: EACCES (probe confidential) - mode 0600: as root (with the msr module) SEV_STATUS'), text);
    } finally {
      fixture.cleanup();
    }
  });
});
