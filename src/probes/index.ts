/**
 * The probe registry and the gathering loop. Order here does not decide anything (precedence lives in
 * classify/precedence.ts); it only puts the cheap, decisive sources first, so that a deadline cuts the
 * least useful ones.
 */
import type { Reader } from '../host/reader.ts';
import type { ReadError } from '../model/evidence.ts';
import { DeadlineExceeded, createProbeContext, type ProbeContext } from './context.ts';
import { probeBalloon, type BalloonFacts } from './balloon.ts';
import { probeBuses, type BusFacts } from './buses.ts';
import { probeClocksource, type ClocksourceFacts } from './clocksource.ts';
import { probeCgroupNamespace, type CgroupNamespaceFacts } from './cgroup-namespace.ts';
import { probeContainerMarkers, type ContainerMarkerFacts } from './containers.ts';
import { probeDeviceNodes, type DeviceNodeFacts } from './device-nodes.ts';
import { probeDeviceTree, type DeviceTreeFacts } from './device-tree.ts';
import { probeHypervKvp, type HypervKvpFacts } from './hyperv-kvp.ts';
import { probeLdoms, type LdomsFacts } from './ldoms.ts';
import { probeModules, type ModuleFacts } from './modules.ts';
import { probeLparcfg, type LparcfgFacts } from './lparcfg.ts';
import { probeSysinfo, type SysinfoFacts } from './sysinfo.ts';
import { probeCpuid, type CpuidFacts } from './cpuid.ts';
import { NO_CONFIDENTIAL_EVIDENCE, probeConfidential, type ConfidentialFacts } from './confidential.ts';
import { probeCpuinfo, type CpuinfoFacts } from './cpuinfo.ts';
import { probeDmi, type DmiFacts } from './dmi.ts';
import { probeHostCapability, type HostCapabilityFacts } from './host-capability.ts';
import { probeKernel, type KernelFacts } from './kernel.ts';
import { probeMounts, type MountFacts } from './mounts.ts';
import { probePci, type PciDevice } from './pci.ts';
import { probeProcesses, type ProcessFacts } from './processes.ts';
import { probeProcXen, type ProcXenFacts } from './proc-xen.ts';
import { probeBlockDevices, probeNetDevices, type CarriedDevice } from './storage-net.ts';
import { probeSysHypervisor, type SysHypervisorFacts } from './sys-hypervisor.ts';

/** Everything the probes saw: the classifier's only input. */
export interface Gathered {
  readonly cpuid: CpuidFacts;
  readonly cpuinfo: CpuinfoFacts;
  readonly sysHypervisor: SysHypervisorFacts;
  readonly procXen: ProcXenFacts;
  readonly dmi: DmiFacts;
  readonly clocksource: ClocksourceFacts;
  readonly containers: ContainerMarkerFacts;
  readonly processes: ProcessFacts;
  readonly mounts: MountFacts;
  readonly kernel: KernelFacts;
  readonly hostCapability: HostCapabilityFacts;
  readonly buses: BusFacts;
  readonly pci: readonly PciDevice[];
  readonly block: readonly CarriedDevice[];
  readonly net: readonly CarriedDevice[];
  readonly balloon: BalloonFacts;
  readonly deviceTree: DeviceTreeFacts;
  readonly sysinfo: SysinfoFacts;
  readonly lparcfg: LparcfgFacts;
  readonly cgroupNamespace: CgroupNamespaceFacts;
  readonly modules: ModuleFacts;
  readonly deviceNodes: DeviceNodeFacts;
  readonly hypervKvp: HypervKvpFacts;
  readonly ldoms: LdomsFacts;
  readonly confidential: ConfidentialFacts;
}

type Probes = { readonly [K in keyof Gathered]: (ctx: ProbeContext) => Gathered[K] };

/** Probe name (as shown in `evidence` and `errors`) for each part of Gathered, cheapest and most decisive first. */
export const PROBES: Probes = {
  sysHypervisor: probeSysHypervisor,
  procXen: probeProcXen,
  cpuinfo: probeCpuinfo,
  dmi: probeDmi,
  clocksource: probeClocksource,
  containers: probeContainerMarkers,
  processes: probeProcesses,
  cgroupNamespace: probeCgroupNamespace,
  mounts: probeMounts,
  kernel: probeKernel,
  hostCapability: probeHostCapability,
  cpuid: probeCpuid,
  // Right after cpuid: the same CPU has just answered, and without root both are refused.
  confidential: probeConfidential,
  buses: probeBuses,
  pci: probePci,
  block: probeBlockDevices,
  net: probeNetDevices,
  balloon: probeBalloon,
  deviceTree: probeDeviceTree,
  sysinfo: probeSysinfo,
  lparcfg: probeLparcfg,
  modules: probeModules,
  deviceNodes: probeDeviceNodes,
  hypervKvp: probeHypervKvp,
  ldoms: probeLdoms,
};

/**
 * What a probe that never ran still contributes: nothing, in the shape the classifier expects. Made only when a
 * probe fails or is cut: as a constant, its hundred-odd properties were built at every start (0.17 ms of a fact
 * run, interpreted without feedback) for runs that need none of them.
 */
const empty = (): Gathered => ({
  cpuid: { readable: false, hypervisorBit: undefined, leaves: [] },
  cpuinfo: { read: false, shape: undefined, flags: new Set(), flagsSignal: undefined, vendorId: undefined, modelName: undefined, platform: undefined, model: undefined, machineType: undefined },
  sysHypervisor: { type: undefined, guestType: undefined, features: undefined, version: undefined, ec2Uuid: undefined },
  procXen: { present: undefined, mounted: false, capabilities: undefined },
  dmi: { present: false, fields: {}, vmBit: undefined },
  clocksource: { current: undefined, available: undefined },
  containers: {
    hostContainerManager: undefined,
    systemdContainer: undefined,
    containerenv: undefined,
    dockerenv: undefined,
    procVz: undefined,
    procBc: undefined,
    beancounters: undefined,
    procLve: undefined,
    kubernetes: undefined,
    lxdSocket: undefined,
  },
  processes: {
    pid1Container: undefined,
    pid1EnvironDenied: false,
    cgroupPaths: [],
    initialPidNamespace: undefined,
    initialCgroupNamespace: undefined,
    vserverContext: undefined,
    openvzEnvId: undefined,
    tracer: undefined,
  },
  mounts: { rootFsType: undefined, devFsType: undefined },
  kernel: { osrelease: undefined, brandz: undefined, machine: undefined },
  hostCapability: { kvmDevice: undefined, moduleUse: [] },
  buses: { virtioPorts: [], xen: [], virtio: [], vmbus: [], xenBus: undefined },
  pci: [],
  block: [],
  net: [],
  balloon: { xen: undefined, vmware: undefined },
  deviceTree: { present: false, hypervisorCompatible: undefined, compatible: undefined, fwCfgNode: undefined, partitionName: undefined, hmcManaged: undefined, qemuGraphicWidth: undefined },
  sysinfo: { controlProgram: undefined, outerControlPrograms: [], lpar: undefined },
  lparcfg: { sharedProcessorMode: undefined },
  cgroupNamespace: { inNamespace: undefined },
  modules: { loaded: undefined },
  deviceNodes: { names: [] },
  hypervKvp: { pools: undefined },
  ldoms: { controlDomain: undefined },
  confidential: NO_CONFIDENTIAL_EVIDENCE,
});

export interface GatherOptions {
  /** Milliseconds since an arbitrary origin; injected so that tests control time. */
  readonly now: () => number;
  /** Time by which gathering must stop, on the same clock as `now`. */
  readonly deadline: number;
  /** The reader a probe uses (default: the one given); `explain` records each probe's reads this way. */
  readonly readerFor?: (probe: keyof Gathered) => Reader;
}

export interface GatherResult {
  readonly gathered: Gathered;
  readonly errors: readonly ReadError[];
}

/** Runs every probe against the reader. A probe that throws, or that the deadline cuts, becomes an error. */
export function gather(reader: Reader, options: GatherOptions): GatherResult {
  const errors: ReadError[] = [];
  const gathered: Record<string, unknown> = {};
  let nothing: Gathered | undefined;
  const expired = (): boolean => options.now() > options.deadline;
  for (const name of Object.keys(PROBES) as (keyof Gathered)[]) {
    let part: unknown;
    if (expired()) {
      errors.push({ probe: name, path: '*', code: 'ETIMEDOUT' });
    } else {
      try {
        part = PROBES[name](createProbeContext(options.readerFor?.(name) ?? reader, name, errors, expired));
      } catch (error) {
        // A probe cut by the deadline, or a parser bug, costs that probe, never the document.
        errors.push({ probe: name, path: error instanceof DeadlineExceeded ? error.message : '*', code: error instanceof DeadlineExceeded ? 'ETIMEDOUT' : 'EPROBE' });
      }
    }
    // Every probe answers with an object or an array: undefined is one that did not answer.
    gathered[name] = part ?? (nothing ??= empty())[name];
  }
  return { gathered: gathered as unknown as Gathered, errors };
}
