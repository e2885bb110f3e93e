/**
 * SMBIOS strings from /sys/class/dmi/id (0444, readable without root; drivers/firmware/dmi-id.c) and the
 * SMBIOS "virtual machine" bit from the raw BIOS structure (root-only). Serials and UUIDs are never read.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export const DMI_DIR = '/sys/class/dmi/id';
export const SMBIOS_BIOS_ENTRY = '/sys/firmware/dmi/entries/0-0/raw';

export const DMI_FIELDS = [
  'product_name',
  'sys_vendor',
  'board_vendor',
  'bios_vendor',
  'product_version',
  'product_family',
  'board_name',
  'bios_version',
  'chassis_vendor',
  'chassis_asset_tag',
] as const;
export type DmiField = (typeof DMI_FIELDS)[number];

export interface DmiFacts {
  /** /sys/class/dmi/id exists: the firmware has SMBIOS (absent on Xen PV, PVH, Firecracker). */
  readonly present: boolean;
  readonly fields: Partial<Record<DmiField, Signal>>;
  /** BIOS Characteristics Extension Byte 2, bit 4 (SMBIOS spec 3.x, 7.1.2.2): "system is a virtual machine". */
  readonly vmBit: Signal<boolean> | undefined;
}

/** Byte 0x13 of the type 0 structure, when the structure is long enough to have it (SMBIOS >= 2.4). */
export function smbiosVmBit(raw: Uint8Array): boolean | undefined {
  if (raw.length < 0x14 || raw[0] !== 0 || (raw[1] ?? 0) < 0x14) return undefined;
  return ((raw[0x13] as number) & (1 << 4)) !== 0;
}

export function probeDmi(ctx: ProbeContext): DmiFacts {
  const present = ctx.exists(DMI_DIR) === true;
  const fields: Partial<Record<DmiField, Signal>> = {};
  if (present) {
    for (const field of DMI_FIELDS) {
      const path = `${DMI_DIR}/${field}`;
      const value = ctx.line(path);
      if (value !== undefined && value !== '') fields[field] = signal(path, value, value);
    }
  }
  let vmBit: Signal<boolean> | undefined;
  const raw = ctx.bytes(SMBIOS_BIOS_ENTRY, 0, 64);
  if (raw.ok) {
    const bit = smbiosVmBit(raw.value);
    if (bit !== undefined) vmBit = signal(SMBIOS_BIOS_ENTRY, `byte 0x13 bit 4 = ${bit ? 1 : 0}`, bit);
  }
  return { present, fields, vmBit };
}
