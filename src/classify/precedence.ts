/**
 * Precedence, in one place. Each list is asked in order and the first rule with a verdict decides its layer;
 * the comment on each row says why it stands where it stands. Rules only read evidence (vm.ts, container.ts);
 * nothing else in the program decides between sources.
 */
import type { Gathered } from '../probes/index.ts';
import {
  anonymousContainer,
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
  s390Sysinfo,
  unnamedHypervisor,
  userModeLinux,
  xenDomain,
} from './vm.ts';

export const VM_RULES: readonly Rule<VmVerdict>[] = [
  // UML runs as a process, possibly inside another VM whose CPUID and DMI it shows: its own cpuinfo wins (systemd#17754).
  { name: 'user-mode-linux', decide: userModeLinux },
  // The kernel's Xen interfaces come before CPUID: a PV guest (and dom0) executes CPUID on the real CPU, so a
  // nested Xen PV domain shows the *outer* hypervisor's leaf (systemd: "Xen PV mode does not override CPUID").
  { name: 'xen-domain', decide: xenDomain },
  // VirtualBox, Parallels, Amazon and Google run on KVM (or expose KVM/Hyper-V leaves) yet have ids of their own
  // that only DMI carries; their bare-metal twins are told apart inside the rule (systemd detect_vm order).
  { name: 'dmi-owned-kvm', decide: dmiOwnedKvm },
  // CPUID is the hypervisor's own word, unforgeable by the guest; Hyper-V enlightenments are looked behind.
  { name: 'cpuid-signature', decide: cpuidSignature },
  // Firmware strings: decisive for vendors without a CPUID leaf (Bochs, QEMU TCG), refined by kvm-clock.
  { name: 'dmi-vendor', decide: dmiVendor },
  // arm64/ppc64 guests booted with a device tree name their hypervisor there (no CPUID device, often no DMI).
  { name: 'device-tree', decide: deviceTree },
  // IBM Z: /proc/sysinfo names z/VM or KVM below Linux, or only the LPAR.
  { name: 's390-sysinfo', decide: s390Sysinfo },
  // Without CPUID (non-root) and without DMI (Firecracker, PVH): the paravirtual clock the kernel registered.
  { name: 'paravirt-clock', decide: paravirtClock },
  // Hyper-V guests that booted without the clock driver still have VMBus.
  { name: 'hyperv-vmbus', decide: hypervBus },
  // Something is there but nothing names it: vm-other, never "none" and never a guess.
  { name: 'unnamed-hypervisor', decide: unnamedHypervisor },
  // Only when the sources that would show a hypervisor were read is "none" an answer; otherwise "unknown".
  { name: 'bare-metal', decide: bareMetal },
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
  // OpenVZ containers: kernel-provided /proc/vz without /proc/bc, nothing an image can carry.
  { name: 'openvz', decide: openvzContainer },
  // Linux-VServer: the kernel's context id of this process.
  { name: 'linux-vserver', decide: vserverContext },
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
export function firstVerdict<V>(rules: readonly Rule<V>[], g: Gathered): V | undefined {
  for (const rule of rules) {
    const v = rule.decide(g);
    if (v !== undefined) return v;
  }
  return undefined;
}

export const decideContainer = (g: Gathered): ContainerVerdict => firstVerdict(CONTAINER_RULES, g) ?? noContainer(g);
