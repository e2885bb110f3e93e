/**
 * Where PID 1 and this process live: PID 1's `container=` (needs CAP_SYS_PTRACE; often EACCES, even for root
 * on some kernels), the cgroup paths of PID 1 and of this process, and this process's PID-namespace depth.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { isDigits } from '../model/text.ts';

export interface ProcessFacts {
  /** `container=` from /proc/1/environ; "" when the variable is absent; undefined when unreadable. */
  readonly pid1Container: Signal | undefined;
  /** /proc/1/environ could not be read (why is in `errors`). */
  readonly pid1EnvironDenied: boolean;
  /** Non-root cgroup paths of PID 1 and of this process (`/docker/<id>`, `/kubepods/...`, `/lxc/...`). */
  readonly cgroupPaths: readonly Signal[];
  /**
   * Whether this process is in the initial PID / cgroup namespace: the kernel gives the initial namespaces fixed
   * inode numbers (include/linux/proc_ns.h PROC_PID_INIT_INO 0xEFFFFFFC, PROC_CGROUP_INIT_INO 0xEFFFFFFB), shown
   * by /proc/self/ns/*. NSpid cannot tell: it counts levels from the PID namespace of the mounted /proc, and every
   * container runtime mounts its own (one number inside docker, nspawn, lxc and podman alike).
   */
  readonly initialPidNamespace: Signal<boolean> | undefined;
  readonly initialCgroupNamespace: Signal<boolean> | undefined;
  /** Linux-VServer context (VxID/s_context), 0 on the host. */
  readonly vserverContext: Signal<number> | undefined;
  /** OpenVZ/Virtuozzo container id (`envID`, kernel/ve in OpenVZ kernels): "0" on the hardware node. */
  readonly openvzEnvId: Signal | undefined;
  /** The process tracing this one (TracerPid), by its comm: proot runs its guest under ptrace. */
  readonly tracer: Signal | undefined;
}

/** The value of `container=` among NUL-separated environment entries; PID 1's other variables are never kept. */
export function containerFromEnviron(environ: string): string {
  for (const entry of environ.split('\0')) {
    if (entry.startsWith('container=')) return entry.slice('container='.length);
  }
  return '';
}

/** Paths from /proc/<pid>/cgroup lines `N:controllers:/path`, without the root path `/`. */
export function cgroupPathsOf(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const idEnd = trimmed.indexOf(':');
    const controllersEnd = trimmed.indexOf(':', idEnd + 1);
    if (idEnd === -1 || controllersEnd === -1 || !isDigits(trimmed.slice(0, idEnd))) continue;
    const path = trimmed.slice(controllersEnd + 1);
    if (path !== '/' && path !== '' && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

/** Named numeric fields of /proc/self/status. */
export function statusField(text: string, name: string): string | undefined {
  const key = `${name}:`;
  let at = 0;
  if (!text.startsWith(key)) {
    const found = text.indexOf(`\n${key}`);
    if (found === -1) return undefined;
    at = found + 1;
  }
  const end = text.indexOf('\n', at);
  return text.slice(at + key.length, end === -1 ? text.length : end).trim();
}

/** Fixed inode numbers of the initial namespaces (include/linux/proc_ns.h). */
const INITIAL_NAMESPACE: Readonly<Record<'pid' | 'cgroup', number>> = { pid: 0xeffffffc, cgroup: 0xeffffffb };

/** `pid:[4026531836]` -> whether it is the initial namespace of its kind. */
export function isInitialNamespace(kind: 'pid' | 'cgroup', target: string): boolean | undefined {
  const text = target.trim();
  const inode = text.slice(kind.length + 2, -1);
  if (!text.startsWith(`${kind}:[`) || !text.endsWith(']') || !isDigits(inode)) return undefined;
  return Number(inode) === INITIAL_NAMESPACE[kind];
}

const CGROUP_FILES = ['/proc/1/cgroup', '/proc/self/cgroup'];

export function probeProcesses(ctx: ProbeContext): ProcessFacts {
  const environ = ctx.text('/proc/1/environ');
  const pid1Container = environ.ok
    ? signal('/proc/1/environ', `container=${containerFromEnviron(environ.value)}`, containerFromEnviron(environ.value))
    : undefined;
  const cgroupPaths: Signal[] = [];
  for (const path of CGROUP_FILES) {
    const text = ctx.text(path);
    if (!text.ok) continue;
    for (const cgroup of cgroupPathsOf(text.value)) cgroupPaths.push(signal(path, cgroup, cgroup));
  }
  const status = ctx.text('/proc/self/status');
  const number = (name: string, path = '/proc/self/status'): Signal<number> | undefined => {
    const value = status.ok ? statusField(status.value, name) : undefined;
    return value === undefined || !isDigits(value) ? undefined : signal(`${path}:${name}`, value, Number(value));
  };
  const namespace = (kind: 'pid' | 'cgroup'): Signal<boolean> | undefined => {
    const path = `/proc/self/ns/${kind}`;
    const target = ctx.link(path);
    const initial = target.ok ? isInitialNamespace(kind, target.value) : undefined;
    return initial === undefined || !target.ok ? undefined : signal(path, target.value, initial);
  };
  const envId = status.ok ? statusField(status.value, 'envID') : undefined;
  const tracerPid = status.ok ? statusField(status.value, 'TracerPid') : undefined;
  let tracer: Signal | undefined;
  if (tracerPid !== undefined && isDigits(tracerPid) && Number(tracerPid) > 0) {
    const comm = ctx.line(`/proc/${tracerPid}/comm`);
    if (comm !== undefined) tracer = signal('/proc/self/status:TracerPid', `traced by ${comm}`, comm);
  }
  return {
    tracer,
    pid1Container,
    pid1EnvironDenied: !environ.ok && environ.code !== 'ENOENT',
    cgroupPaths,
    initialPidNamespace: namespace('pid'),
    initialCgroupNamespace: namespace('cgroup'),
    vserverContext: number('VxID') ?? number('s_context'),
    openvzEnvId: envId === undefined || envId === '' ? undefined : signal('/proc/self/status:envID', envId, envId),
  };
}
