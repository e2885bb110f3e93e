/**
 * The running kernel: its release string, where WSL kernels name themselves ("4.4.0-19041-Microsoft",
 * "...-microsoft-standard-WSL2"); the version banner, which an illumos LX zone ends with "BrandZ virtual linux";
 * and the machine it was built for (the kernel.arch sysctl, `uname -m`).
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const VERSION = '/proc/version';
const OSRELEASE = '/proc/sys/kernel/osrelease';
const ARCH = '/proc/sys/kernel/arch';
/** The banner's end in an LX-branded zone (illumos uts/common/brand/lx/procfs/lx_prvnops.c; Facter's `uname -v` test). */
const BRANDZ = 'BrandZ virtual linux';

export interface KernelFacts {
  readonly osrelease: Signal | undefined;
  /** The version banner says this is Linux emulated by an illumos LX zone. */
  readonly brandz: Signal<boolean> | undefined;
  /** `uname -m` as the kernel.arch sysctl shows it (Documentation/admin-guide/sysctl/kernel.rst "arch"). */
  readonly machine: Signal | undefined;
}

/** The release from `Linux version <release> (...)` (fs/proc/version.c), or undefined for another shape. */
export function releaseOfBanner(banner: string): string | undefined {
  const prefix = 'Linux version ';
  if (!banner.startsWith(prefix)) return undefined;
  const release = banner.slice(prefix.length).split(' ', 1)[0];
  return release === '' ? undefined : release;
}

export function probeKernel(ctx: ProbeContext): KernelFacts {
  // One read answers both questions on a live kernel; a capture may hold only the sysctl.
  const banner = ctx.line(VERSION);
  const fromBanner = banner === undefined ? undefined : releaseOfBanner(banner);
  const release = fromBanner ?? ctx.line(OSRELEASE);
  const machine = ctx.line(ARCH);
  return {
    osrelease: release === undefined || release === '' ? undefined : signal(fromBanner === undefined ? OSRELEASE : VERSION, release, release),
    brandz: banner?.endsWith(BRANDZ) ? signal(VERSION, BRANDZ, true) : undefined,
    machine: machine === undefined || machine === '' ? undefined : signal(ARCH, machine, machine),
  };
}
