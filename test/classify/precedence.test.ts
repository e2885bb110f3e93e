/**
 * One test per precedence decision: two sources disagree, and the rule order in classify/precedence.ts says
 * which one wins. Each case is a small inline tree (values as the kernel and vendors write them).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { createReader } from '../../src/host/reader.ts';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { denyReads } from '../helpers/deny.ts';
import { factsOf } from '../helpers/facts.ts';
import { tree, type Entry } from '../helpers/tree.ts';

const X86_GUEST_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr hypervisor\n\n';
const X86_METAL_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr vmx\n\n';
const CLOCK = 'sys/devices/system/clocksource/clocksource0';
/** Leaf 1 with the hypervisor bit (ECX bit 31) and signature leaves, as `capture` writes them. */
const leaves = (...rows: string[]) => `00000001 000806f8 00000800 80000000 00000000\n${rows.join('\n')}\n`;
const HYPERV = '40000000 40000006 7263694d 666f736f 76482074';
const KVM_AT_100 = '40000100 40000101 4b4d564b 564b4d56 0000004d';
const XEN_AT_100 = '40000100 40000105 566e6558 65584d4d 4d4d566e';

function factsFor(entries: Record<string, Entry>, deny: Record<string, string> = {}): VirtFacts {
  const t = tree(entries);
  try {
    return factsOf(denyReads(createReader(t.root), deny));
  } finally {
    t.cleanup();
  }
}

describe('precedence', () => {
  it('a KVM leaf behind a Hyper-V leaf is KVM with enlightenments, not Hyper-V', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_GUEST_CPUINFO, 'dev/cpu/0/cpuid': leaves(HYPERV, KVM_AT_100) });
    equal(facts.vm, 'kvm');
    ok(facts.evidence.some((e) => e.supports.includes('Hyper-V enlightenments offered by kvm')));
  });

  it('a Xen leaf behind Viridian is Xen even when the kernel has no Xen support', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_GUEST_CPUINFO, 'dev/cpu/0/cpuid': leaves(HYPERV, XEN_AT_100) });
    equal(facts.vm, 'xen');
  });

  it('a Hyper-V leaf alone on Hyper-V firmware is Microsoft', () => {
    const facts = factsFor({
      'proc/cpuinfo': X86_GUEST_CPUINFO,
      'dev/cpu/0/cpuid': leaves(HYPERV),
      'sys/class/dmi/id/sys_vendor': 'Microsoft Corporation\n',
      'sys/class/dmi/id/product_name': 'Virtual Machine\n',
    });
    deepStrictEqual([facts.vm, facts.ansible.virtualization_type], ['microsoft', 'hyperv']);
  });

  it('a Hyper-V leaf alone on QEMU firmware with kvm-clock is KVM (hv-passthrough hides the KVM leaf)', () => {
    const facts = factsFor({
      'proc/cpuinfo': X86_GUEST_CPUINFO,
      'dev/cpu/0/cpuid': leaves(HYPERV),
      'sys/class/dmi/id/sys_vendor': 'QEMU\n',
      [`${CLOCK}/available_clocksource`]: 'kvm-clock tsc acpi_pm \n',
    });
    equal(facts.vm, 'kvm');
  });

  it('QEMU firmware without CPUID access and without kvm-clock is QEMU emulation, at medium confidence', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_GUEST_CPUINFO, 'sys/class/dmi/id/sys_vendor': 'QEMU\n', [`${CLOCK}/available_clocksource`]: 'tsc acpi_pm \n' });
    deepStrictEqual([facts.vm, facts.confidence, facts.ansible.virtualization_type], ['qemu', 'medium', 'qemu']);
  });

  it('EC2 with the SMBIOS VM bit is a Nitro VM; without it, bare metal', () => {
    const raw = (bit: number) => Buffer.from([0, 0x18, ...new Array(0x11).fill(0), bit, 0, 0, 0, 0]);
    const dmi = { 'sys/class/dmi/id/sys_vendor': 'Amazon EC2\n', 'sys/class/dmi/id/product_name': 'm5.large\n', 'proc/cpuinfo': X86_GUEST_CPUINFO };
    const vm = factsFor({ ...dmi, 'sys/firmware/dmi/entries/0-0/raw': raw(0x10) });
    deepStrictEqual([vm.vm, vm.cloud, vm.layers[0]?.variant], ['amazon', { provider: 'aws', platform: 'nitro' }, 'nitro']);
    const metal = factsFor({ ...dmi, 'proc/cpuinfo': X86_METAL_CPUINFO, 'sys/firmware/dmi/entries/0-0/raw': raw(0x00) });
    deepStrictEqual([metal.vm, metal.role, metal.virtual, metal.cloud], ['none', 'none', false, { provider: 'aws', platform: 'metal' }]);
  });

  it('without root, an EC2 instance type ending in .metal is bare metal', () => {
    const facts = factsFor({ 'sys/class/dmi/id/sys_vendor': 'Amazon EC2\n', 'sys/class/dmi/id/product_name': 'm7i.metal-24xl\n', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.vm, facts.cloud?.platform], ['none', 'metal']);
  });

  it('GCE firmware with readable CPUID and no KVM leaf is GCE bare metal', () => {
    const facts = factsFor({
      'sys/class/dmi/id/product_name': 'Google Compute Engine\n',
      'proc/cpuinfo': X86_METAL_CPUINFO,
      'dev/cpu/0/cpuid': '00000001 000806f8 00000800 00000000 00000000\n',
    });
    deepStrictEqual([facts.vm, facts.cloud], ['none', { provider: 'gcp', platform: 'metal' }]);
  });

  it("an Oracle server's board vendor does not make it VirtualBox (systemd#21100)", () => {
    const facts = factsFor({
      'sys/class/dmi/id/sys_vendor': 'Oracle Corporation\n',
      'sys/class/dmi/id/board_vendor': 'Oracle Corporation\n',
      'sys/class/dmi/id/product_name': 'ORACLE SERVER X9-2\n',
      'proc/cpuinfo': X86_METAL_CPUINFO,
    });
    equal(facts.vm, 'none');
  });

  it('an undocumented CPUID signature is vm-other, never none', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_GUEST_CPUINFO, 'dev/cpu/0/cpuid': leaves('40000000 40000001 6e6b6e55 6e776f6e 00000000') });
    deepStrictEqual([facts.vm, facts.confidence], ['vm-other', 'low']);
  });

  it('a Xen dom0 whose firmware is VMware runs Xen inside VMware: both layers, outermost first', () => {
    const facts = factsFor({
      'sys/hypervisor/type': 'xen\n',
      'sys/hypervisor/guest_type': 'PV\n',
      'sys/hypervisor/properties/features': '00000805\n',
      'sys/class/dmi/id/sys_vendor': 'VMware, Inc.\n',
      'sys/class/dmi/id/product_name': 'VMware Virtual Platform\n',
      'proc/cpuinfo': X86_GUEST_CPUINFO,
    });
    deepStrictEqual(facts.layers.map((l) => `${l.id}:${l.mode}:${l.variant}`), ['vmware:hvm:null', 'xen:pv:dom0']);
    deepStrictEqual([facts.vm, facts.role, facts.xen?.domain], ['xen', 'host', 'dom0']);
  });

  it('with nothing readable the answer is unknown, not none', () => {
    const facts = factsFor({}, { '/proc': 'EACCES', '/sys': 'EACCES', '/dev': 'EACCES' });
    deepStrictEqual([facts.vm, facts.role, facts.confidence], ['unknown', 'unknown', 'low']);
    ok(facts.errors.some((e) => e.path === '/proc/cpuinfo' && e.code === 'EACCES'));
  });
});

describe('host or not', () => {
  it('/dev/kvm on idle hardware is a capability, not a role (ansible#80673)', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_METAL_CPUINFO, 'dev/kvm': '', 'sys/module/kvm_intel/refcnt': '0\n' });
    deepStrictEqual([facts.role, facts.host.kvm_device, facts.ansible.virtualization_role, facts.ansible.virtualization_tech_host], ['none', true, 'NA', []]);
  });

  it('KVM with guests running (module in use) is a host', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_METAL_CPUINFO, 'dev/kvm': '', 'sys/module/kvm_intel/refcnt': '2\n' });
    deepStrictEqual([facts.role, facts.tuning.tuned_profile, facts.ansible.virtualization_tech_host], ['host', 'virtual-host', ['kvm']]);
  });

  it('a guest with /dev/kvm is a nested-capable guest, not a host', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_GUEST_CPUINFO, 'dev/kvm': '', [`${CLOCK}/available_clocksource`]: 'kvm-clock \n', 'sys/module/kvm_intel/refcnt': '1\n' });
    deepStrictEqual([facts.role, facts.host.nested, facts.ansible.virtualization_tech_host], ['guest', true, []]);
  });
});

describe('containers', () => {
  /** /proc/self/ns/pid as the kernel shows it: the initial namespace has the fixed inode 0xEFFFFFFC. */
  const pidNs = (initial: boolean) => ({ link: initial ? 'pid:[4026531836]' : 'pid:[4026532291]' });
  const mountinfo = (rootType: string, devType: string) => `1 0 0:1 / / rw - ${rootType} x rw\n2 1 0:2 / /dev rw - ${devType} x rw\n`;

  it('/.dockerenv in its own PID namespace on an overlay root is docker, high', () => {
    const facts = factsFor({ '.dockerenv': '', 'proc/self/ns/pid': pidNs(false), 'proc/self/mountinfo': mountinfo('overlay', 'tmpfs'), 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.container, facts.confidence, facts.role, facts.warnings], ['docker', 'high', 'guest', []]);
  });

  it('/.dockerenv with nothing to weigh it against is docker, medium', () => {
    const facts = factsFor({ '.dockerenv': '', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.container, facts.confidence], ['docker', 'medium']);
  });

  it('/.dockerenv in the initial PID namespace with devtmpfs /dev is overruled, with a warning', () => {
    const facts = factsFor({ '.dockerenv': '', 'proc/self/ns/pid': pidNs(true), 'proc/self/mountinfo': mountinfo('ext4', 'devtmpfs'), 'proc/cpuinfo': X86_METAL_CPUINFO });
    equal(facts.container, 'none');
    equal(facts.warnings.length, 1);
    ok(facts.warnings[0]?.startsWith('/.dockerenv is present but overruled'));
  });

  it("a manager's Container Interface file wins over a stale /.dockerenv", () => {
    const facts = factsFor({ '.dockerenv': '', 'run/host/container-manager': 'systemd-nspawn\n', 'proc/cpuinfo': X86_METAL_CPUINFO });
    equal(facts.container, 'systemd-nspawn');
  });

  it('container=oci names no manager: podman when /run/.containerenv says so', () => {
    const env = Buffer.from('container=oci\0HOME=/\0');
    deepStrictEqual(factsFor({ 'proc/1/environ': env, 'run/.containerenv': '', 'proc/cpuinfo': X86_METAL_CPUINFO }).container, 'podman');
    deepStrictEqual(factsFor({ 'proc/1/environ': env, 'proc/cpuinfo': X86_METAL_CPUINFO }).container, 'container-other');
  });

  it('a privileged container with the host /dev bind-mounted is not overruled by devtmpfs: its own PID namespace says container', () => {
    const facts = factsFor({ '.dockerenv': '', 'proc/self/ns/pid': pidNs(false), 'proc/self/mountinfo': mountinfo('overlay', 'devtmpfs'), 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.container, facts.warnings], ['docker', []]);
  });

  it('namespaces with no marker at all are container-other; a Kubernetes service account refines it', () => {
    const bare = factsFor({ 'proc/self/ns/pid': pidNs(false), 'proc/self/ns/cgroup': { link: 'cgroup:[4026532400]' }, 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([bare.container, bare.layers.map((l) => l.variant)], ['container-other', [null]]);
    const pod = factsFor({ 'proc/self/ns/pid': pidNs(false), 'var/run/secrets/kubernetes.io/serviceaccount/namespace': 'default', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([pod.container, pod.layers.map((l) => l.variant)], ['container-other', ['kubernetes']]);
  });

  it('a Kubernetes pod on docker (cri-dockerd) is docker, refined as kubernetes', () => {
    const facts = factsFor({ '.dockerenv': '', 'proc/1/cgroup': '4:memory:/kubepods/burstable/pod6f1e/0123456789abcdef0123456789abcdef\n', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.container, facts.layers.map((l) => l.variant)], ['docker', ['kubernetes']]);
  });

  it('a container on a VM reports both layers', () => {
    const facts = factsFor({ 'run/.containerenv': '', 'proc/cpuinfo': X86_GUEST_CPUINFO, [`${CLOCK}/available_clocksource`]: 'kvm-clock \n' });
    deepStrictEqual(facts.layers.map((l) => `${l.kind}:${l.id}`), ['vm:kvm', 'container:podman']);
    deepStrictEqual(facts.ansible.virtualization_tech_guest, ['container', 'podman', 'kvm']);
  });
});

describe('tuning', () => {
  it('recommends qemu-guest-agent on KVM only where its virtio-serial channel exists', () => {
    const kvm = { 'proc/cpuinfo': X86_GUEST_CPUINFO, 'sys/class/dmi/id/sys_vendor': 'QEMU\n', [`${CLOCK}/available_clocksource`]: 'kvm-clock tsc \n' };
    equal(factsFor(kvm).tuning.guest_agent, null);
    equal(factsFor({ ...kvm, 'sys/class/virtio-ports/vport1p1/name': 'org.qemu.guest_agent.0\n' }).tuning.guest_agent, 'qemu-guest-agent');
  });

  it('recommends no guest agent inside a container, whatever the VM below', () => {
    const facts = factsFor({ 'run/.containerenv': '', 'proc/cpuinfo': X86_GUEST_CPUINFO, 'sys/class/dmi/id/product_name': 'VMware Virtual Platform\n' });
    deepStrictEqual([facts.vm, facts.container, facts.tuning.guest_agent, facts.tuning.tuned_profile], ['vmware', 'podman', null, null]);
  });
});
