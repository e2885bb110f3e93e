/** Filesystem types of `/` and `/dev` from /proc/self/mountinfo (proc(5)): containers run on overlay roots and tmpfs /dev. */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const MOUNTINFO = '/proc/self/mountinfo';

export interface MountFacts {
  readonly rootFsType: Signal | undefined;
  readonly devFsType: Signal | undefined;
}

/** The filesystem type of the last mount at `mountPoint` (later mounts hide earlier ones). */
export function fsTypeAt(mountinfo: string, mountPoint: string): string | undefined {
  // Fields are separated by single spaces (the kernel writes a space in a path as \040). Only lines whose
  // mount point (field 5) matches are split: a host has hundreds of mounts, and a fact run reads this file once.
  const wanted = ` ${mountPoint} `;
  let found: string | undefined;
  for (let at = mountinfo.indexOf(wanted); at !== -1; ) {
    const start = mountinfo.lastIndexOf('\n', at) + 1;
    const newline = mountinfo.indexOf('\n', at);
    const end = newline === -1 ? mountinfo.length : newline;
    const fields = mountinfo.slice(start, end).split(' ');
    const separator = fields.indexOf('-');
    if (separator >= 5 && fields[4] === mountPoint) found = fields[separator + 1];
    at = mountinfo.indexOf(wanted, end);
  }
  return found;
}

export function probeMounts(ctx: ProbeContext): MountFacts {
  const text = ctx.text(MOUNTINFO, 256 * 1024);
  if (!text.ok) return { rootFsType: undefined, devFsType: undefined };
  const at = (mountPoint: string): Signal | undefined => {
    const type = fsTypeAt(text.value, mountPoint);
    return type === undefined ? undefined : signal(`${MOUNTINFO}:${mountPoint}`, type, type);
  };
  return { rootFsType: at('/'), devFsType: at('/dev') };
}
