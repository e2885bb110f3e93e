/**
 * systemd's running_in_cgroupns() (src/basic/virt.c): inside a cgroup namespace the cgroup2 mount's root is a
 * non-root cgroup, which has cgroup.events (the real root has none); hosts have /sys/kernel/cgroup/features,
 * which a namespace cannot hide, so the test combines them. cgroup v1: the systemd hierarchy's root has
 * release_agent only in the initial namespace.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export interface CgroupNamespaceFacts {
  /** true: this process sees a cgroup namespace root; false: the real root; undefined: cannot tell. */
  readonly inNamespace: Signal<boolean> | undefined;
}

export function probeCgroupNamespace(ctx: ProbeContext): CgroupNamespaceFacts {
  const events = ctx.exists('/sys/fs/cgroup/cgroup.events');
  if (events === true) {
    const type = ctx.exists('/sys/fs/cgroup/cgroup.type');
    const features = ctx.exists('/sys/kernel/cgroup/features');
    if (type === undefined && features === undefined) return { inNamespace: undefined };
    const inside = type === true || features === false;
    return { inNamespace: signal('/sys/fs/cgroup/cgroup.events', inside ? 'present (non-root cgroup at the mount root)' : 'present', inside) };
  }
  if (events === false && ctx.exists('/sys/fs/cgroup/systemd') === true) {
    const agent = ctx.exists('/sys/fs/cgroup/systemd/release_agent');
    if (agent === undefined) return { inNamespace: undefined };
    return { inNamespace: signal('/sys/fs/cgroup/systemd/release_agent', agent ? 'present' : 'absent', !agent) };
  }
  return { inNamespace: events === false ? signal('/sys/fs/cgroup/cgroup.events', 'absent', false) : undefined };
}
