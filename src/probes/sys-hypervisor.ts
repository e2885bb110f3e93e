/**
 * /sys/hypervisor (drivers/xen/sys-hypervisor.c, Documentation/ABI/stable/sysfs-hypervisor-xen): populated by
 * Xen only, in dom0 and domU alike. `guest_type` (PV, HVM, PVH; "Xen" for ARM guests) is the kernel's own
 * answer to the Xen question, absent on kernels older than the attribute.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';
import { parseHex32 } from '../model/text.ts';

const DIR = '/sys/hypervisor';

export interface SysHypervisorFacts {
  readonly type: Signal | undefined;
  readonly guestType: Signal | undefined;
  /** XENVER_get_features submap 0, as a number. */
  readonly features: Signal<number> | undefined;
  /** "major.minor" + extra, as Xen reports its own version. */
  readonly version: Signal | undefined;
  /** The domain UUID starts with "ec2" (AWS Xen instances); the UUID itself is an identifier and is not kept. */
  readonly ec2Uuid: Signal<boolean> | undefined;
}

export function parseFeatures(text: string): number | undefined {
  return parseHex32(text.trim());
}

export function probeSysHypervisor(ctx: ProbeContext): SysHypervisorFacts {
  const line = (name: string): Signal | undefined => {
    const value = ctx.line(`${DIR}/${name}`);
    return value === undefined || value === '' ? undefined : signal(`${DIR}/${name}`, value, value);
  };
  if (ctx.exists(DIR) !== true) {
    return { type: undefined, guestType: undefined, features: undefined, version: undefined, ec2Uuid: undefined };
  }
  const featuresText = ctx.line(`${DIR}/properties/features`);
  const featureBits = featuresText === undefined ? undefined : parseFeatures(featuresText);
  const major = ctx.line(`${DIR}/version/major`);
  const minor = ctx.line(`${DIR}/version/minor`);
  const extra = ctx.line(`${DIR}/version/extra`) ?? '';
  const version = major !== undefined && minor !== undefined ? `${major}.${minor}${extra}` : undefined;
  const uuid = ctx.line(`${DIR}/uuid`);
  return {
    type: line('type'),
    guestType: line('guest_type'),
    features:
      featuresText === undefined || featureBits === undefined
        ? undefined
        : signal(`${DIR}/properties/features`, featuresText, featureBits),
    version: version === undefined ? undefined : signal(`${DIR}/version`, version, version),
    ec2Uuid: uuid === undefined ? undefined : signal(`${DIR}/uuid`, /^ec2/i.test(uuid) ? 'ec2…' : '(not ec2)', /^ec2/i.test(uuid)),
  };
}
