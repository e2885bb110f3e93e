/**
 * The container-layer rules. A container manager's own word (systemd's Container Interface files, PID 1's
 * `container=`, podman's /run/.containerenv) is decisive; files that can end up in an image (/.dockerenv)
 * are weighed against what the kernel says about this process: its PID namespace, /dev and the root mount.
 */
import type { Gathered } from '../probes/index.ts';
import type { EvidenceItem, Signal } from '../model/evidence.ts';
import type { ContainerId } from '../model/ids.ts';
import { cite } from './cite.ts';
import type { ContainerVerdict } from './verdict.ts';

/** Names managers write to `container=` and the Container Interface files (systemd virt.c container_table). */
const MANAGER_NAMES: Readonly<Record<string, ContainerId>> = {
  lxc: 'lxc',
  'lxc-libvirt': 'lxc-libvirt',
  'systemd-nspawn': 'systemd-nspawn',
  docker: 'docker',
  podman: 'podman',
  rkt: 'rkt',
  wsl: 'wsl',
  proot: 'proot',
  pouch: 'pouch',
};

const verdict = (
  id: ContainerId,
  confidence: ContainerVerdict['confidence'],
  evidence: EvidenceItem[],
  variant: string | null = null,
  warnings: string[] = [],
): ContainerVerdict => ({ id, confidence, variant, evidence, warnings });

/**
 * A manager name as a verdict. "oci" names a format, not a manager (systemd: "Some images hardcode
 * container=oci"), so it says only that this is a container; anything unknown is container-other.
 */
function fromManagerName(probe: string, signal: Signal, g: Gathered): ContainerVerdict {
  const name = signal.value.trim();
  const id = MANAGER_NAMES[name] ?? (name === 'oci' && g.containers.containerenv ? 'podman' : 'container-other');
  return verdict(id, 'high', [cite(probe, signal, `container=${id}`)], containerVariant(g));
}

/**
 * Refinements of the container layer: Kubernetes is an orchestrator above the runtime, not a layer of its
 * own; LXD/Incus is a manager above LXC, seen by its guest API socket.
 */
export function containerVariant(g: Gathered): string | null {
  if (g.containers.kubernetes !== undefined) return 'kubernetes';
  if (g.processes.cgroupPaths.some((p) => p.value.includes('kubepods'))) return 'kubernetes';
  return g.containers.lxdSocket !== undefined ? 'lxd' : null;
}

/** /run/host/container-manager: systemd's Container Interface, readable without privileges. */
export function hostContainerManager(g: Gathered): ContainerVerdict | undefined {
  const s = g.containers.hostContainerManager;
  return s === undefined ? undefined : fromManagerName('containers', s, g);
}

/** /run/systemd/container: systemd as PID 1 copies its $container here. */
export function systemdContainerFile(g: Gathered): ContainerVerdict | undefined {
  const s = g.containers.systemdContainer;
  return s === undefined ? undefined : fromManagerName('containers', s, g);
}

/** PID 1's environment, where every manager following the Container Interface sets `container=`. */
export function pid1Environment(g: Gathered): ContainerVerdict | undefined {
  const s = g.processes.pid1Container;
  return s === undefined || s.value === '' ? undefined : fromManagerName('processes', s, g);
}

/** podman writes /run/.containerenv into every container. */
export function podmanContainerenv(g: Gathered): ContainerVerdict | undefined {
  const s = g.containers.containerenv;
  return s === undefined ? undefined : verdict('podman', 'high', [cite('containers', s, 'container=podman')], containerVariant(g));
}

/**
 * Cgroup paths that runtimes create per container (cgroup v1, or v2 without a cgroup namespace). `needle` is text
 * every match contains: a path without it is not tested, which spares compiling the pattern on a host (a fact run
 * compiles each pattern it uses; ~65 us each).
 */
export const CGROUP_PATTERNS: readonly (readonly [needle: string, pattern: RegExp, id: ContainerId])[] = [
  ['/docker-', /\/docker-[0-9a-f]{12,}\.scope/, 'docker'], // docker-<id>.scope (systemd cgroup driver)
  ['docker/', /(^|\/)docker\/[^/]+/, 'docker'], // /docker/<id>, /docker/<name>, /docker/buildkit/<id> (cgroupfs driver; virt-what, Ohai)
  ['/actions_job/', /^\/actions_job\/[^/]+/, 'docker'], // GitHub Actions job containers' cgroup parent (ansible#74349)
  ['/ecs/', /^\/ecs\/[^/]+\/[^/]+/, 'docker'], // Amazon ECS tasks on the EC2 launch type: /ecs/<task>/<container>
  ['/libpod-', /\/libpod-[0-9a-f]{12,}/, 'podman'], // virt-what: libpod-<id>.scope
  ['/machine-lxc', /\/machine-lxc/, 'lxc-libvirt'], // Ansible: /machine.slice/machine-lxc\x2d<name>.scope
  ['/lxc', /\/lxc(\.payload)?[./][^/]+/, 'lxc'], // /lxc/<name> (LXC < 4), /lxc.payload.<name> (LXC >= 4)
];

export function cgroupPath(g: Gathered): ContainerVerdict | undefined {
  for (const [needle, pattern, id] of CGROUP_PATTERNS) {
    const s = g.processes.cgroupPaths.find((p) => p.value.includes(needle) && pattern.test(p.value));
    if (s !== undefined) return verdict(id, 'medium', [cite('processes', s, `container=${id}`)], containerVariant(g));
  }
  return undefined;
}

/**
 * OpenVZ/Virtuozzo, from the kernel: this process's envID (0 on the hardware node; Facter), else /proc/vz without
 * /proc/bc (the hardware node has both; systemd, virt-what), else beancounters that list one container's only.
 * CloudLinux's LVE kernels have /proc/vz too and are not OpenVZ (Ansible, Facter check /proc/lve).
 */
export function openvzContainer(g: Gathered): ContainerVerdict | undefined {
  const { procVz, procBc, procLve, beancounters } = g.containers;
  const envId = g.processes.openvzEnvId;
  if (envId !== undefined) return envId.value === '0' ? undefined : verdict('openvz', 'high', [cite('processes', envId, 'container=openvz (envID of a container)')]);
  if (procLve !== undefined) return undefined;
  if (procVz !== undefined && procBc === undefined) return verdict('openvz', 'high', [cite('containers', procVz, 'container=openvz (no /proc/bc)')]);
  if (procVz === undefined && beancounters !== undefined && !beancounters.value.hardwareNode) {
    return verdict('openvz', 'medium', [cite('containers', beancounters, 'container=openvz (one container\'s beancounters)')]);
  }
  return undefined;
}

/**
 * An OpenVZ hardware node: envID 0, or /proc/bc (the beancounter tree exists on the node only; Ohai tests
 * /proc/bc/0), or every container's beancounters; never CloudLinux LVE.
 */
export function openvzHardwareNode(g: Gathered): Signal<unknown> | undefined {
  const { procBc, procLve, beancounters } = g.containers;
  const envId = g.processes.openvzEnvId;
  if (envId !== undefined) return envId.value === '0' ? envId : undefined;
  if (procLve !== undefined) return undefined;
  if (procBc !== undefined) return procBc;
  return beancounters?.value.hardwareNode ? beancounters : undefined;
}

/** An illumos LX zone, where PID 1's `container=zone` cannot be read (virt-what illumos-lx; Facter `uname -v`). */
export function brandzZone(g: Gathered): ContainerVerdict | undefined {
  const banner = g.kernel.brandz;
  return banner === undefined ? undefined : verdict('container-other', 'high', [cite('kernel', banner, 'container=container-other (illumos LX zone)')], 'illumos-lx');
}

/** proot runs its guest under ptrace; the tracer's name gives it away (systemd detect_container). */
export function prootTracer(g: Gathered): ContainerVerdict | undefined {
  const tracer = g.processes.tracer;
  if (tracer === undefined || !tracer.value.startsWith('proot')) return undefined;
  return verdict('proot', 'high', [cite('processes', tracer, 'container=proot')]);
}

/** Linux-VServer puts every process in a context; a non-zero VxID is a guest (virt-what, Ansible). */
export function vserverContext(g: Gathered): ContainerVerdict | undefined {
  const context = g.processes.vserverContext;
  if (context === undefined || context.value === 0) return undefined;
  return verdict('linux-vserver', 'high', [cite('processes', context, 'container=linux-vserver (guest context)')]);
}

/** Cgroup paths of Kubernetes runtimes that follow no Container Interface (containerd, CRI-O). */
const KUBERNETES_CGROUP = /(cri-containerd|crio)-[0-9a-f]{12,}|\/kubepods/;

/**
 * Namespaces with nothing to name the manager (containerd and CRI-O pods, plain runc, sandboxes): this
 * process outside the initial PID or cgroup namespace (their fixed inode numbers), or systemd's
 * running_in_cgroupns() heuristic where the ns links are not there; container-other. Kubernetes (its
 * service account, its cgroup paths) refines it.
 */
export function anonymousContainer(g: Gathered): ContainerVerdict | undefined {
  const evidence = [];
  const { initialPidNamespace: pidNs, initialCgroupNamespace: cgroupNs } = g.processes;
  if (pidNs?.value === false) evidence.push(cite('processes', pidNs, 'container=container-other (own PID namespace)'));
  if (cgroupNs?.value === false) evidence.push(cite('processes', cgroupNs, 'container=container-other (own cgroup namespace)'));
  const heuristic = g.cgroupNamespace.inNamespace;
  if (cgroupNs === undefined && heuristic?.value === true) evidence.push(cite('cgroupNamespace', heuristic, 'container=container-other (cgroup namespace)'));
  const k8s = g.containers.kubernetes ?? g.processes.cgroupPaths.find((p) => KUBERNETES_CGROUP.test(p.value));
  if (k8s !== undefined) evidence.push(cite('containers', k8s, 'container=container-other (Kubernetes pod)'));
  return evidence.length > 0 ? verdict('container-other', 'medium', evidence, containerVariant(g)) : undefined;
}

/** WSL kernels name themselves: "...-Microsoft" (WSL1), "...-microsoft-standard-WSL2" (WSL2). */
export function wslKernel(g: Gathered): ContainerVerdict | undefined {
  const s = g.kernel.osrelease;
  if (s === undefined || !(s.value.includes('Microsoft') || s.value.includes('WSL'))) return undefined;
  return verdict('wsl', 'high', [cite('kernel', s, 'container=wsl')]);
}

const OVERLAY_FS = new Set(['overlay', 'aufs', 'fuse.fuse-overlayfs', 'overlayfs']);

/**
 * /.dockerenv, the weakest marker: docker creates it in every container, and `docker export` or an image
 * build carries it into root filesystems that later boot as VMs (systemd virt.c checks it last for this
 * reason). It is believed unless the kernel says otherwise: this process in the initial PID namespace,
 * together with a devtmpfs /dev or a root that is not an overlay, is not inside a docker container.
 */
export function dockerenvMarker(g: Gathered): ContainerVerdict | undefined {
  const marker = g.containers.dockerenv;
  if (marker === undefined) return undefined;
  const pidNs = g.processes.initialPidNamespace;
  const { devFsType, rootFsType } = g.mounts;
  const initialPidNs = pidNs?.value === true;
  const devtmpfs = devFsType?.value === 'devtmpfs';
  const plainRoot = rootFsType !== undefined && !OVERLAY_FS.has(rootFsType.value);
  if (initialPidNs && (devtmpfs || plainRoot)) {
    const evidence = [cite('containers', marker, 'container=docker (overruled)')];
    if (pidNs !== undefined) evidence.push(cite('processes', pidNs, 'container=none (initial PID namespace)'));
    if (devtmpfs && devFsType !== undefined) evidence.push(cite('mounts', devFsType, 'container=none (/dev is devtmpfs)'));
    if (plainRoot && rootFsType !== undefined) evidence.push(cite('mounts', rootFsType, 'container=none (root is not an overlay)'));
    const reasons = [initialPidNs && 'this process is in the initial PID namespace', devtmpfs && '/dev is devtmpfs', plainRoot && `the root filesystem is ${rootFsType?.value}`].filter(Boolean);
    return verdict('none', 'high', evidence, null, [
      `${marker.path} is present but overruled: ${reasons.join(', ')}; it was most likely inherited from a container image`,
    ]);
  }
  const ownPidNs = pidNs?.value === false;
  const overlayRoot = rootFsType !== undefined && OVERLAY_FS.has(rootFsType.value);
  const corroborated = ownPidNs || overlayRoot;
  const evidence = [cite('containers', marker, 'container=docker')];
  if (overlayRoot && rootFsType !== undefined) evidence.push(cite('mounts', rootFsType, 'container=docker (overlay root)'));
  if (ownPidNs && pidNs !== undefined) evidence.push(cite('processes', pidNs, 'container=docker (own PID namespace)'));
  return verdict('docker', corroborated ? 'high' : 'medium', evidence, containerVariant(g));
}

/** No container: sure when the kernel says this process is in the initial PID namespace. */
export function noContainer(g: Gathered): ContainerVerdict {
  const { procVz, procLve } = g.containers;
  // Say why /proc/vz, which elsewhere means OpenVZ, did not count.
  const evidence = procVz !== undefined && procLve !== undefined ? [cite('containers', procLve, 'container=none (/proc/lve: a CloudLinux LVE kernel, not OpenVZ)')] : [];
  const pidNs = g.processes.initialPidNamespace;
  if (pidNs?.value === true) return verdict('none', 'high', [...evidence, cite('processes', pidNs, 'container=none (initial PID namespace)')]);
  return verdict('none', 'medium', evidence);
}
