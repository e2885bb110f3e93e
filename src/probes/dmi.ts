/**
 * SMBIOS strings from /sys/class/dmi/id (0444, readable without root; drivers/firmware/dmi-id.c) and the
 * SMBIOS "virtual machine" bit from the raw BIOS structure (root-only). Where the id files are missing (a
 * kernel without CONFIG_DMIID, a capture that holds only the raw tables), the same strings are read from the
 * raw structures in /sys/firmware/dmi/entries (drivers/firmware/dmi-sysfs.c). Serials and UUIDs are never read.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

export const DMI_DIR = '/sys/class/dmi/id';
/** Where /sys/class/dmi/id points; Ansible reads the strings there, and captures may hold only this path. */
const DMI_DEVICE_DIR = '/sys/devices/virtual/dmi/id';
const ENTRIES = '/sys/firmware/dmi/entries';
export const SMBIOS_BIOS_ENTRY = `${ENTRIES}/0-0/raw`;

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
  /** SMBIOS strings were found: the firmware has SMBIOS (absent on Xen PV, PVH, Firecracker). */
  readonly present: boolean;
  readonly fields: Partial<Record<DmiField, Signal>>;
  /** BIOS Characteristics Extension Byte 2, bit 4 (SMBIOS spec 3.x, 7.1.2.2): "system is a virtual machine". */
  readonly vmBit: Signal<boolean> | undefined;
}

/**
 * Where each field sits in the raw structures (DMTF DSP0134: type 0 BIOS, 1 System, 2 Baseboard, 3 Chassis): the
 * offset of its string number in the formatted area.
 */
const RAW_FIELDS: readonly (readonly [type: number, offset: number, field: DmiField])[] = [
  [0, 0x04, 'bios_vendor'],
  [0, 0x05, 'bios_version'],
  [1, 0x04, 'sys_vendor'],
  [1, 0x05, 'product_name'],
  [1, 0x06, 'product_version'],
  [1, 0x1a, 'product_family'], // SMBIOS 2.4+
  [2, 0x04, 'board_vendor'],
  [2, 0x05, 'board_name'],
  [3, 0x04, 'chassis_vendor'],
  [3, 0x08, 'chassis_asset_tag'],
];

/** Byte 0x13 of the type 0 structure, when the structure is long enough to have it (SMBIOS >= 2.4). */
export function smbiosVmBit(raw: Uint8Array): boolean | undefined {
  if (raw.length < 0x14 || raw[0] !== 0 || (raw[1] ?? 0) < 0x14) return undefined;
  return ((raw[0x13] as number) & (1 << 4)) !== 0;
}

/**
 * String number `offset` of a raw structure: the formatted area (its length at byte 1) is followed by
 * NUL-terminated strings numbered from 1; number 0 means "no string".
 */
export function smbiosString(raw: Uint8Array, offset: number): string | undefined {
  const length = raw[1] ?? 0;
  const number = offset < length ? (raw[offset] ?? 0) : 0;
  if (number === 0 || length < 4) return undefined;
  let start = length;
  for (let n = 1; start < raw.length; n++) {
    let end = start;
    while (end < raw.length && raw[end] !== 0) end++;
    if (end === start) return undefined; // the double NUL that ends the strings
    if (n === number) return String.fromCharCode(...raw.subarray(start, end)).trim();
    start = end + 1;
  }
  return undefined;
}

export function probeDmi(ctx: ProbeContext): DmiFacts {
  const fields: Partial<Record<DmiField, Signal>> = {};
  const dir = ctx.exists(DMI_DIR) === true ? DMI_DIR : ctx.exists(DMI_DEVICE_DIR) === true ? DMI_DEVICE_DIR : undefined;
  if (dir !== undefined) {
    for (const field of DMI_FIELDS) {
      const path = `${dir}/${field}`;
      const value = ctx.line(path);
      if (value !== undefined && value !== '') fields[field] = signal(path, value, value);
    }
  }
  const raw = new Map<number, Uint8Array>();
  const entry = (type: number): Uint8Array | undefined => {
    if (!raw.has(type)) {
      const read = ctx.bytes(`${ENTRIES}/${type}-0/raw`, 0, 1024);
      raw.set(type, read.ok ? read.value : new Uint8Array());
    }
    return raw.get(type);
  };
  let vmBit: Signal<boolean> | undefined;
  const bios = entry(0);
  const bit = bios === undefined ? undefined : smbiosVmBit(bios);
  if (bit !== undefined) vmBit = signal(SMBIOS_BIOS_ENTRY, `byte 0x13 bit 4 = ${bit ? 1 : 0}`, bit);
  if (Object.keys(fields).length === 0) {
    for (const [type, offset, field] of RAW_FIELDS) {
      const structure = entry(type);
      const value = structure === undefined || structure[0] !== type ? undefined : smbiosString(structure, offset);
      if (value !== undefined && value !== '') fields[field] = signal(`${ENTRIES}/${type}-0/raw:${field}`, value, value);
    }
  }
  return { present: Object.keys(fields).length > 0, fields, vmBit };
}
