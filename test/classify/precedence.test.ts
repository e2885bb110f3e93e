/**
 * One test per precedence decision: two sources disagree, and the rule order in classify/precedence.ts says
 * which one wins. Each case is a small inline tree (values as the kernel and vendors write them).
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { factsOfTree } from '../helpers/facts.ts';

const X86_GUEST_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr hypervisor\n\n';
const X86_METAL_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr vmx\n\n';
const CLOCK = 'sys/devices/system/clocksource/clocksource0';
/** Leaf 1 with the hypervisor bit (ECX bit 31) and signature leaves, as `capture` writes them. */
const leaves = (...rows: string[]) => `00000001 000806f8 00000800 80000000 00000000\n${rows.join('\n')}\n`;
const HYPERV = '40000000 40000006 7263694d 666f736f 76482074';
const KVM_AT_100 = '40000100 40000101 4b4d564b 564b4d56 0000004d';
const XEN_AT_100 = '40000100 40000105 566e6558 65584d4d 4d4d566e';

const factsFor = factsOfTree;

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

/** The answer policy of classify/precedence.ts, one decision per test. */
describe('answer policy', () => {
  const ARM64_CPUINFO = 'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\n\n';
  const OLD_X86_CPUINFO = 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz\nflags\t\t: fpu vme de pse tsc msr pae\n\n';
  const pci = (slot: string, vendor: string, device: string, subsystem?: [string, string]) => ({
    [`sys/bus/pci/devices/${slot}/vendor`]: `0x${vendor}\n`,
    [`sys/bus/pci/devices/${slot}/device`]: `0x${device}\n`,
    ...(subsystem ? { [`sys/bus/pci/devices/${slot}/subsystem_vendor`]: `0x${subsystem[0]}\n`, [`sys/bus/pci/devices/${slot}/subsystem_device`]: `0x${subsystem[1]}\n` } : {}),
  });

  it('the missing hypervisor flag means nothing on arm64: no answer without other evidence', () => {
    deepStrictEqual([factsFor({ 'proc/cpuinfo': ARM64_CPUINFO }).vm, factsFor({ 'proc/cpuinfo': ARM64_CPUINFO }).role], ['unknown', 'unknown']);
  });

  it('the missing hypervisor flag is evidence of absence on x86', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.vm, facts.confidence === 'low'], ['none', false]);
  });

  it('on arm64, firmware naming a physical machine is evidence of absence; a VM bit set is not', () => {
    const dmi = { 'proc/cpuinfo': ARM64_CPUINFO, 'sys/class/dmi/id/sys_vendor': 'GIGABYTE\n', 'sys/class/dmi/id/product_name': 'R272-P30-JG\n' };
    equal(factsFor(dmi).vm, 'none');
    const vmBit = Buffer.from([0, 0x18, ...new Array(0x11).fill(0), 0x10, 0, 0, 0, 0]);
    equal(factsFor({ ...dmi, 'sys/firmware/dmi/entries/0-0/raw': vmBit }).vm, 'vm-other');
  });

  it("a cloud's firmware names its VM off x86, and on x86 the CPU tells VM from bare metal", () => {
    const gce = { 'sys/class/dmi/id/product_name': 'Google Compute Engine\n', 'sys/class/dmi/id/sys_vendor': 'Google\n' };
    deepStrictEqual([factsFor({ ...gce, 'proc/cpuinfo': ARM64_CPUINFO }).vm, factsFor({ ...gce, 'proc/cpuinfo': ARM64_CPUINFO }).cloud?.platform], ['google', 'kvm']);
    deepStrictEqual([factsFor({ ...gce, 'proc/cpuinfo': X86_METAL_CPUINFO }).vm, factsFor({ ...gce, 'proc/cpuinfo': X86_METAL_CPUINFO }).cloud?.platform], ['none', 'metal']);
    equal(factsFor({ ...gce, 'proc/cpuinfo': X86_GUEST_CPUINFO }).vm, 'google');
  });

  it('a vendor-specific marker outweighs a CPU that shows no hypervisor, and says so', () => {
    const facts = factsFor({ 'proc/cpuinfo': OLD_X86_CPUINFO, 'proc/modules': 'vboxguest 348160 2 vboxsf, Live 0x0000000000000000 (OE)\n' });
    deepStrictEqual([facts.vm, facts.confidence, facts.role], ['oracle', 'medium', 'guest']);
    ok(facts.warnings.some((w) => w.includes('the CPU reports no hypervisor')));
  });

  it('a weak marker does not: virtio on bare x86 (a DPU) stays bare metal', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_METAL_CPUINFO, 'proc/modules': 'virtio_blk 20480 3 - Live 0x0\nvirtio_pci 28672 0 - Live 0x0\n', ...pci('0000:17:00.0', '1af4', '1042') });
    equal(facts.vm, 'none');
  });

  it('virtio alone, where nothing shows the machine physical, is vm-other at low confidence', () => {
    const facts = factsFor({ 'proc/cpuinfo': ARM64_CPUINFO, ...pci('0000:00:01.0', '1af4', '1041') });
    deepStrictEqual([facts.vm, facts.confidence], ['vm-other', 'low']);
  });

  it("QEMU's devices are Xen HVM's device model too: the Xen platform device wins", () => {
    const facts = factsFor({ ...pci('0000:00:02.0', '5853', '0001'), ...pci('0000:00:03.0', '8086', '100e', ['1af4', '1100']), ...pci('0000:00:04.0', '1234', '1111') });
    deepStrictEqual([facts.vm, facts.xen?.guest_type, facts.xen?.platform_pci, facts.warnings], ['xen', 'HVM', 'unbound', []]);
  });

  it("QEMU's subsystem id on an Intel NIC names QEMU; on a virtio device it names nothing", () => {
    equal(factsFor({ ...pci('0000:00:03.0', '8086', '100e', ['1af4', '1100']) }).vm, 'qemu');
    equal(factsFor({ 'proc/cpuinfo': ARM64_CPUINFO, ...pci('0000:00:03.0', '1af4', '1041', ['1af4', '1100']) }).vm, 'vm-other');
  });

  it('markers of two hypervisors: the one with more kinds of evidence, at low confidence, with a warning', () => {
    const facts = factsFor({ 'proc/modules': 'vboxguest 1 0 - Live 0x0\nhv_vmbus 1 0 - Live 0x0\n', 'dev/vboxguest': '', ...pci('0000:00:04.0', '80ee', 'cafe') });
    deepStrictEqual([facts.vm, facts.confidence], ['oracle', 'low']);
    ok(facts.warnings.some((w) => w.startsWith('markers of more than one hypervisor: oracle, microsoft')));
  });

  it('Hyper-V KVP pools alone are a hint: low confidence', () => {
    const facts = factsFor({ 'var/lib/hyperv/.kvp_pool_3': '', 'var/lib/hyperv/.kvp_pool_0': '' });
    deepStrictEqual([facts.vm, facts.confidence], ['microsoft', 'low']);
  });

  it("QEMU's devices and KVM's CPU model are one family, not a disagreement", () => {
    const facts = factsFor({
      'proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Common KVM processor\nflags\t\t: fpu hypervisor\n\n',
      'sys/bus/pci/devices/0000:00:02.0/vendor': '0x1234\n',
      'sys/bus/pci/devices/0000:00:02.0/device': '0x1111\n',
    });
    deepStrictEqual([facts.vm, facts.confidence === 'low', facts.warnings], ['kvm', false, []]);
  });

  it('kvm-clock turns a QEMU marker into KVM', () => {
    const facts = factsFor({ 'proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: QEMU Virtual CPU version 2.5+\nflags\t\t: fpu hypervisor\n\n', [`${CLOCK}/available_clocksource`]: 'kvm-clock tsc \n' });
    equal(facts.vm, 'kvm');
  });

  it('a xenbus without /proc/xen or /sys/hypervisor is an HVM domain with PV-on-HVM drivers', () => {
    const facts = factsFor({ 'sys/bus/xen/drivers/vbd/bind': '', 'proc/cpuinfo': 'processor  : 0\nvendor     : GenuineIntel\narch       : IA-64\nfamily     : Itanium 2\n\n' });
    deepStrictEqual([facts.vm, facts.xen?.guest_type, facts.xen?.domain], ['xen', 'HVM', 'domU']);
  });

  it('a control domain without the guest_type attribute is PV', () => {
    const facts = factsFor({ 'proc/xen/capabilities': 'control_d\n', 'sys/hypervisor/type': 'xen\n', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([facts.vm, facts.role, facts.xen?.guest_type, facts.mode], ['xen', 'host', 'PV', 'pv']);
  });

  it('POWER: pSeries is a PowerVM partition unless QEMU emulates it; PowerNV is bare metal', () => {
    const power = (tail: string) => factsFor({ 'proc/cpuinfo': `processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\nrevision\t: 2.2 (pvr 004e 1202)\n\n${tail}` });
    equal(power('timebase\t: 512000000\nplatform\t: pSeries\nmodel\t\t: IBM,9009-22A\n').vm, 'powervm');
    equal(power('timebase\t: 512000000\nplatform\t: pSeries\nmodel\t\t: IBM pSeries (emulated by qemu)\n').vm, 'kvm');
    const metal = power('platform\t: PowerNV\nmodel\t\t: 9006-22P\n');
    deepStrictEqual([metal.vm, metal.evidence.find((e) => e.path === '/proc/cpuinfo:platform')?.supports], ['none', 'vm=none (OPAL firmware, no hypervisor below)']);
  });

  it('SPARC: sun4v runs on the hypervisor, its control domain hosts; sun4u is bare metal', () => {
    const guest = factsFor({ 'dev/mdesc': '' });
    deepStrictEqual([guest.vm, guest.role, guest.layers[0]?.variant], ['vm-other', 'guest', 'ldoms']);
    const control = factsFor({ 'dev/mdesc': '', 'sys/class/vlds/ctrl/.keep': '', 'sys/class/vlds/sp/.keep': '' });
    deepStrictEqual([control.vm, control.role, control.ansible.virtualization_tech_host], ['vm-other', 'host', ['ldoms']]);
    equal(factsFor({ 'proc/cpuinfo': 'cpu\t\t: TI UltraSparc IIi (Sabre)\nfpu\t\t: UltraSparc IIi integrated FPU\ntype\t\t: sun4u\n' }).vm, 'none');
  });

  it('IBM Z: VM00 is the hypervisor below Linux, the next levels are outer layers', () => {
    const facts = factsFor({ 'proc/sysinfo': 'LPAR Name:            L16\nVM00 Control Program: KVM/Linux\nVM01 Control Program: z/VM    6.4.0\n' });
    deepStrictEqual(facts.layers.map((l) => l.id), ['zvm', 'kvm']);
  });

  it('OpenVZ: envID decides container and hardware node; CloudLinux LVE is neither', () => {
    deepStrictEqual([factsFor({ 'proc/self/status': 'Name:\tnode\nenvID:\t101\n' }).container], ['openvz']);
    const node = factsFor({ 'proc/self/status': 'Name:\tnode\nenvID:\t0\n', 'proc/vz/.keep': '', 'proc/bc/.keep': '', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([node.container, node.role], ['none', 'host']);
    const lve = factsFor({ 'proc/vz/.keep': '', 'proc/lve/list': '', 'proc/cpuinfo': X86_METAL_CPUINFO });
    deepStrictEqual([lve.container, lve.role], ['none', 'none']);
  });

  it('where sysfs lacks them, the hosting modules\' counts come from /proc/modules', () => {
    const facts = factsFor({ 'proc/cpuinfo': X86_METAL_CPUINFO, 'proc/modules': 'vboxdrv 557056 3 vboxnetadp,vboxnetflt, Live 0x0\nkvm_intel 372736 0 - Live 0x0\n' });
    deepStrictEqual([facts.role, facts.ansible.virtualization_tech_host], ['host', ['virtualbox']]);
  });

  it('an OpenVZ beancounter tree alone is a hardware node (Ohai reads /proc/bc/0)', () => {
    deepStrictEqual([factsFor({ 'proc/bc/0/resources': '', 'proc/cpuinfo': X86_METAL_CPUINFO }).role], ['host']);
  });

  it('DMI strings are read where /sys/class/dmi/id points when the class link is missing (Ansible reads there)', () => {
    equal(factsFor({ 'sys/devices/virtual/dmi/id/product_name': 'VMware Virtual Platform\n' }).vm, 'vmware');
  });

  it("POWER: QEMU's pSeries is known by the machine line too (Ansible reads it)", () => {
    equal(factsFor({ 'proc/cpuinfo': 'processor\t: 0\ncpu\t\t: POWER8\nrevision\t: 2.1 (pvr 004b 0201)\n\nplatform\t: pSeries\nmachine\t\t: CHRP IBM pSeries (emulated by qemu)\n' }).vm, 'kvm');
  });

  it('the kvm misc device in sysfs is the capability where /dev has no node', () => {
    deepStrictEqual(factsFor({ 'sys/devices/virtual/misc/kvm/dev': '10:232\n', 'proc/cpuinfo': X86_METAL_CPUINFO }).host, { kvm_device: true, nested: false, xen_dom0: false });
  });
});
