/**
 * What this machine could host, and whether it does: /dev/kvm (present on capable hosts *and* on nested
 * guests, so never a host by itself), and the reference count of the vendor modules, which rises with each
 * running guest (the same counter as the third column of /proc/modules).
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { isDigits } from '../model/text.ts';

/** Modules whose reference count means guests are running. */
const HOSTING_MODULES = ['kvm_intel', 'kvm_amd', 'vboxdrv'] as const;

export interface HostCapabilityFacts {
  readonly kvmDevice: Signal<boolean> | undefined;
  /** Modules from HOSTING_MODULES that are loaded, with their reference count. */
  readonly moduleUse: readonly Signal<{ module: string; refcnt: number }>[];
}

/** The kvm misc device in sysfs: there even where /dev is a container's or a capture's without the node (Ohai reads it). */
const KVM_MISC = '/sys/devices/virtual/misc/kvm';

export function probeHostCapability(ctx: ProbeContext): HostCapabilityFacts {
  const node = ctx.exists('/dev/kvm');
  const misc = node === true ? undefined : ctx.exists(KVM_MISC);
  const moduleUse: Signal<{ module: string; refcnt: number }>[] = [];
  for (const module of HOSTING_MODULES) {
    const path = `/sys/module/${module}/refcnt`;
    const text = ctx.line(path);
    if (text === undefined || !isDigits(text)) continue;
    moduleUse.push(signal(path, text, { module, refcnt: Number(text) }));
  }
  return {
    kvmDevice: misc === true ? signal(KVM_MISC, 'present', true) : node === undefined ? undefined : signal('/dev/kvm', node ? 'present' : 'absent', node),
    moduleUse,
  };
}
