/**
 * Files that container managers leave for their payload (systemd's Container Interface, podman, docker,
 * OpenVZ, Kubernetes). Each is recorded as found; how much each is worth is decided in classify/, because
 * some (like /.dockerenv) survive into images that later boot as VMs.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export interface ContainerMarkerFacts {
  /** /run/host/container-manager: written by the manager, readable unprivileged (systemd CONTAINER_INTERFACE). */
  readonly hostContainerManager: Signal | undefined;
  /** /run/systemd/container: written by systemd as PID 1 inside a container from its $container. */
  readonly systemdContainer: Signal | undefined;
  /** /run/.containerenv: podman. */
  readonly containerenv: Signal<boolean> | undefined;
  /** /.dockerenv, /.dockerinit: docker; also left behind in images built by docker. */
  readonly dockerenv: Signal<boolean> | undefined;
  /** /proc/vz without /proc/bc: inside an OpenVZ container; both: the hardware node. */
  readonly procVz: Signal<boolean> | undefined;
  readonly procBc: Signal<boolean> | undefined;
  /**
   * /proc/user_beancounters, an OpenVZ kernel's resource counters: the hardware node lists its own (uid 0) with
   * every container's, a container only its own (OpenVZ wiki "/proc/user_beancounters").
   */
  readonly beancounters: Signal<{ readonly hardwareNode: boolean }> | undefined;
  /** /proc/lve: CloudLinux's LVE kernel, which has /proc/vz without being OpenVZ (Ansible, Facter exclude it). */
  readonly procLve: Signal<boolean> | undefined;
  /** The service-account mount every Kubernetes pod gets by default. */
  readonly kubernetes: Signal<boolean> | undefined;
  /** /dev/lxd/sock: the LXD/Incus guest API socket, present in LXD containers and VMs. */
  readonly lxdSocket: Signal<boolean> | undefined;
}

const BEANCOUNTERS = '/proc/user_beancounters';

/** The beancounter ids (`101:` before a resource name) of /proc/user_beancounters; 0 is the hardware node's. */
export function beancounterIds(text: string): number[] {
  const ids: number[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+):/.exec(line);
    if (match) ids.push(Number(match[1]));
  }
  return ids;
}

function beancounters(ctx: ProbeContext): ContainerMarkerFacts['beancounters'] {
  const text = ctx.text(BEANCOUNTERS);
  if (!text.ok) return undefined;
  const ids = beancounterIds(text.value);
  if (ids.length === 0) return undefined;
  // A container sees one set of counters; more than one (or uid 0's) is the hardware node's view.
  const hardwareNode = ids.includes(0) || new Set(ids).size > 1;
  return signal(BEANCOUNTERS, hardwareNode ? 'uid 0 listed (hardware node)' : `uid ${ids[0]} only`, { hardwareNode });
}

export function probeContainerMarkers(ctx: ProbeContext): ContainerMarkerFacts {
  const text = (path: string): Signal | undefined => {
    const value = ctx.line(path);
    return value === undefined || value === '' ? undefined : signal(path, value, value);
  };
  const present = (path: string): Signal<boolean> | undefined => (ctx.exists(path) ? signal(path, 'present', true) : undefined);
  return {
    hostContainerManager: text('/run/host/container-manager'),
    systemdContainer: text('/run/systemd/container'),
    containerenv: present('/run/.containerenv'),
    dockerenv: present('/.dockerenv') ?? present('/.dockerinit'),
    procVz: present('/proc/vz'),
    procBc: present('/proc/bc'),
    beancounters: beancounters(ctx),
    procLve: present('/proc/lve'),
    kubernetes: present('/var/run/secrets/kubernetes.io/serviceaccount') ?? present('/run/secrets/kubernetes.io/serviceaccount'),
    lxdSocket: present('/dev/lxd/sock'),
  };
}
