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
  /** The service-account mount every Kubernetes pod gets by default. */
  readonly kubernetes: Signal<boolean> | undefined;
  /** /dev/lxd/sock: the LXD/Incus guest API socket, present in LXD containers and VMs. */
  readonly lxdSocket: Signal<boolean> | undefined;
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
    kubernetes: present('/var/run/secrets/kubernetes.io/serviceaccount') ?? present('/run/secrets/kubernetes.io/serviceaccount'),
    lxdSocket: present('/dev/lxd/sock'),
  };
}
