/**
 * Where PID 1 and this process live: PID 1's `container=` (needs CAP_SYS_PTRACE; often EACCES, even for root
 * on some kernels), the cgroup paths of PID 1 and of this process, and this process's PID-namespace depth.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export interface ProcessFacts {
  /** `container=` from /proc/1/environ; "" when the variable is absent; undefined when unreadable. */
  readonly pid1Container: Signal | undefined;
  /** /proc/1/environ could not be read (why is in `errors`). */
  readonly pid1EnvironDenied: boolean;
  /** Non-root cgroup paths of PID 1 and of this process (`/docker/<id>`, `/kubepods/...`, `/lxc/...`). */
  readonly cgroupPaths: readonly Signal[];
  /** Levels of PID namespace this process is in (NSpid): 1 is the initial namespace. */
  readonly pidNamespaceDepth: Signal<number> | undefined;
  /** Linux-VServer context (VxID/s_context), 0 on the host. */
  readonly vserverContext: Signal<number> | undefined;
  /** OpenVZ envID, 0 on the hardware node. */
  readonly openvzEnvId: Signal<number> | undefined;
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
    const match = /^\d+:[^:]*:(.*)$/.exec(line.trim());
    const path = match?.[1];
    if (path !== undefined && path !== '/' && path !== '' && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

/** Named numeric fields of /proc/self/status. */
export function statusField(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}:`)) return line.slice(name.length + 1).trim();
  }
  return undefined;
}

/** The PIDs themselves change every run and say nothing; only the number of levels is kept. */
const depthSignal = (levels: number): Signal<number> =>
  signal('/proc/self/status:NSpid', `${levels} PID namespace level${levels === 1 ? '' : 's'}`, levels);

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
    return value === undefined || !/^\d+$/.test(value) ? undefined : signal(`${path}:${name}`, value, Number(value));
  };
  const nspid = status.ok ? statusField(status.value, 'NSpid') : undefined;
  const tracerPid = status.ok ? statusField(status.value, 'TracerPid') : undefined;
  let tracer: Signal | undefined;
  if (tracerPid !== undefined && /^[1-9]\d*$/.test(tracerPid)) {
    const comm = ctx.line(`/proc/${tracerPid}/comm`);
    if (comm !== undefined) tracer = signal('/proc/self/status:TracerPid', `traced by ${comm}`, comm);
  }
  return {
    tracer,
    pid1Container,
    pid1EnvironDenied: !environ.ok && environ.code !== 'ENOENT',
    cgroupPaths,
    pidNamespaceDepth:
      nspid === undefined || nspid === '' ? undefined : depthSignal(nspid.split(/\s+/).length),
    vserverContext: number('VxID') ?? number('s_context'),
    openvzEnvId: number('envID'),
  };
}
