/**
 * Precedence, in one place. Each list is asked in order and the first rule with a verdict decides its layer;
 * the comment on each row says why it stands where it stands. Rules only read evidence (vm.ts, container.ts);
 * nothing else in the program decides between sources.
 *
 * The answer policy, for every layer and every architecture:
 *
 * 1. The architecture is established first (arch.ts: the kernel.arch sysctl, the shape of /proc/cpuinfo, kernel
 *    interfaces only one architecture has) and given to every rule: what a missing sign means depends on it.
 * 2. A decisive source decides its layer: a CPUID hypervisor leaf or bit, /sys/hypervisor and /proc/xen, the
 *    kernel's Xen guest type, a device tree's hypervisor node, IBM Z's /proc/sysinfo, POWER's platform, SPARC's
 *    sun4v machine, a container manager's own marker. Confidence high.
 * 3. A vendor-specific marker (a DMI string, a PCI id of virtual hardware, a guest driver, a device node, a KVP
 *    pool, a CPU model only QEMU presents) names the layer at medium or low confidence where no decisive source
 *    has spoken. It outweighs a CPU that shows no hypervisor, because such markers cannot exist on hardware (and
 *    says so in `warnings`). A cloud's firmware strings, which its bare-metal machines share, name its VM only
 *    where neither the CPU (x86) nor the firmware (EC2's VM bit and `.metal` names) tells metal from VM.
 * 4. A weak marker, one that bare metal can show too (virtio devices behind a DPU, a cloud's NIC and NVMe on its
 *    bare-metal machines), never overrides a decisive source and never names a hypervisor on its own: at most
 *    `vm-other` at low confidence where nothing shows the machine is physical.
 * 5. `none` needs positive evidence of absence, judged for the architecture: the x86 CPUID bit or flag; POWER's
 *    PowerNV platform; IBM Z's bare LPAR; SPARC's sun4u; firmware naming a physical machine. The missing x86
 *    flag means nothing on arm64, POWER, IBM Z, ia64 or SPARC.
 * 6. `unknown` only when nothing readable speaks about the layer.
 */
import {
  anonymousContainer,
  brandzZone,
  cgroupPath,
  dockerenvMarker,
  hostContainerManager,
  noContainer,
  openvzContainer,
  pid1Environment,
  podmanContainerenv,
  prootTracer,
  systemdContainerFile,
  vserverContext,
  wslKernel,
} from './container.ts';
import type { Architecture } from './arch.ts';
import type { Gathered } from '../probes/index.ts';
import { armRealm, guestMarkers, hypervIsolation, s390Ultravisor, sevStatus, tdxLeaf, type ConfidentialVerdict } from './confidential.ts';
import type { ContainerVerdict, Rule, VmVerdict } from './verdict.ts';
import {
  bareMetal,
  cpuidSignature,
  deviceTree,
  dmiOwnedKvm,
  dmiVendor,
  hypervBus,
  paravirtClock,
  powerPlatform,
  powervmLx86,
  s390Sysinfo,
  sparcHypervisor,
  unnamedHypervisor,
  userModeLinux,
  vendorMarkerRule,
  virtioOnly,
  xenDomain,
} from './vm.ts';

export const VM_RULES: readonly Rule<VmVerdict>[] = [
  // UML runs as a process, possibly inside another VM whose CPUID and DMI it shows: its own cpuinfo wins (systemd#17754).
  { name: 'user-mode-linux', decide: userModeLinux },
  // PowerVM Lx86 shows x86 programs an x86 cpuinfo of its own making: nothing x86 below it is real.
  { name: 'powervm-lx86', decide: powervmLx86 },
  // The kernel's Xen interfaces come before CPUID: a PV guest (and dom0) executes CPUID on the real CPU, so a
  // nested Xen PV domain shows the *outer* hypervisor's leaf (systemd: "Xen PV mode does not override CPUID").
  { name: 'xen-domain', decide: xenDomain },
  // VirtualBox and Parallels run on KVM (or expose KVM/Hyper-V leaves) yet have ids of their own that only DMI
  // carries; cloud VMs share their DMI with the same cloud's bare metal and are told apart inside the rule
  // (systemd detect_vm order).
  { name: 'dmi-owned-kvm', decide: dmiOwnedKvm },
  // CPUID is the hypervisor's own word, unforgeable by the guest; Hyper-V enlightenments are looked behind.
  { name: 'cpuid-signature', decide: cpuidSignature },
  // Firmware strings: decisive for vendors without a CPUID leaf (Bochs, QEMU TCG), refined by kvm-clock.
  { name: 'dmi-vendor', decide: dmiVendor },
  // arm64/ppc64 guests booted with a device tree name their hypervisor there (no CPUID device, often no DMI).
  { name: 'device-tree', decide: deviceTree },
  // IBM Z: /proc/sysinfo names z/VM or KVM below Linux, or only the LPAR.
  { name: 's390-sysinfo', decide: s390Sysinfo },
  // POWER without a device tree: the kernel's platform line (pSeries under PowerVM or QEMU, PowerNV on the metal).
  { name: 'power-platform', decide: powerPlatform },
  // SPARC: a sun4v machine runs every domain on its firmware's hypervisor.
  { name: 'sparc-hypervisor', decide: sparcHypervisor },
  // Without CPUID (non-root) and without DMI (Firecracker, PVH): the paravirtual clock the kernel registered.
  { name: 'paravirt-clock', decide: paravirtClock },
  // Hyper-V guests that booted without the clock driver still have VMBus.
  { name: 'hyperv-vmbus', decide: hypervBus },
  // Vendor-specific markers where nothing decisive spoke; they outweigh a CPU that shows no hypervisor (policy 3).
  { name: 'vendor-markers', decide: vendorMarkerRule },
  // Something is there but nothing names it: vm-other, never "none" and never a guess.
  { name: 'unnamed-hypervisor', decide: unnamedHypervisor },
  // Only with positive evidence of absence for this architecture is "none" an answer; otherwise "unknown".
  { name: 'bare-metal', decide: bareMetal },
  // Virtio alone, where nothing showed the machine to be physical (policy 4).
  { name: 'virtio-only', decide: virtioOnly },
];

export const CONTAINER_RULES: readonly Rule<ContainerVerdict>[] = [
  // proot is a ptrace jail: whatever files its guest tree carries, the tracer is the truth (systemd checks it early).
  { name: 'proot', decide: prootTracer },
  // systemd's Container Interface: written by the manager itself and readable without privileges.
  { name: 'host-container-manager', decide: hostContainerManager },
  // systemd inside the container copies the manager's $container here; as strong, also unprivileged.
  { name: 'run-systemd-container', decide: systemdContainerFile },
  // The manager's own variable; needs CAP_SYS_PTRACE, so it often cannot be read, hence after the files.
  { name: 'pid1-environment', decide: pid1Environment },
  // podman's marker is created at run time, not part of any image, so it is not stale the way /.dockerenv can be.
  { name: 'podman-containerenv', decide: podmanContainerenv },
  // OpenVZ containers: the kernel's envID of this process, or /proc/vz without /proc/bc: nothing an image can carry.
  { name: 'openvz', decide: openvzContainer },
  // Linux-VServer: the kernel's context id of this process.
  { name: 'linux-vserver', decide: vserverContext },
  // An illumos LX zone's kernel emulation names itself in the version banner.
  { name: 'illumos-lx', decide: brandzZone },
  // Per-container cgroup paths: the kernel's view of where this process lives (cgroup v1, or v2 without cgroupns).
  { name: 'cgroup-path', decide: cgroupPath },
  // /.dockerenv may be inherited from an image, so it comes after everything the kernel says, and is weighed.
  { name: 'dockerenv', decide: dockerenvMarker },
  // WSL's kernel names itself; after docker so that a container inside WSL is reported as that container.
  { name: 'wsl-kernel', decide: wslKernel },
  // Last: namespaces (or a Kubernetes pod) with no manager named anywhere: container-other.
  { name: 'anonymous-container', decide: anonymousContainer },
];

/** Confidential guests (classify/confidential.ts): the first rule with an answer, "none" included, decides. */
export const CONFIDENTIAL_RULES: readonly Rule<ConfidentialVerdict>[] = [
  // A paravisor (Azure, Hyper-V isolated VMs) hides AMD's leaf, the MSR and the TDX leaf: its own leaves come first.
  { name: 'hyperv-isolation', decide: hypervIsolation },
  // What is active on AMD, as opposed to what the CPU supports; read and zero, it overrules the kernel's markers.
  { name: 'sev-status-msr', decide: sevStatus },
  // Only a TDX module answers leaf 0x21 with its signature; read on a plain Intel guest, it says none.
  { name: 'tdx-leaf', decide: tdxLeaf },
  // IBM Z and Arm ask their firmware (ultravisor, Realm Services Interface); the kernel publishes the answer.
  { name: 's390-ultravisor', decide: s390Ultravisor },
  { name: 'arm-realm', decide: armRealm },
  // Last, without root or the msr module: the flags and devices the kernel shows only in such a guest.
  { name: 'guest-markers', decide: guestMarkers },
];

/** The first verdict of an ordered list. */
export function firstVerdict<V>(rules: readonly Rule<V>[], g: Gathered, arch: Architecture): V | undefined {
  for (const rule of rules) {
    const v = rule.decide(g, arch);
    if (v !== undefined) return v;
  }
  return undefined;
}

export const decideContainer = (g: Gathered, arch: Architecture): ContainerVerdict => firstVerdict(CONTAINER_RULES, g, arch) ?? noContainer(g);
