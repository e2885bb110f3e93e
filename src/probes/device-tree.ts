/**
 * The flattened device tree (arm64, ppc64, riscv booted without ACPI): /proc/device-tree, a link to
 * /sys/firmware/devicetree/base. Properties are NUL-separated string lists.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const DT = '/proc/device-tree';

export interface DeviceTreeFacts {
  readonly present: boolean;
  /** /hypervisor/compatible: "xen,xen-4.17", "xen,xen", "linux,kvm", "vmware" (Documentation/devicetree/bindings). */
  readonly hypervisorCompatible: Signal<readonly string[]> | undefined;
  /** The root node's compatible: "linux,dummy-virt" (QEMU/kvmtool virt), "qemu,pseries", "ibm,powernv", "IBM,9080-HEX". */
  readonly compatible: Signal<readonly string[]> | undefined;
  /** A node named *fw-cfg*: QEMU's firmware configuration device (systemd detect_vm_device_tree). */
  readonly fwCfgNode: Signal<boolean> | undefined;
  /** PowerVM partition markers (systemd detect_vm_powervm, lscpu). */
  readonly partitionName: Signal<boolean> | undefined;
  readonly hmcManaged: Signal<boolean> | undefined;
  /** Present only under QEMU (pseries with graphics), which also fakes the partition properties. */
  readonly qemuGraphicWidth: Signal<boolean> | undefined;
}

/** A device-tree string list: NUL-separated, NUL-terminated. */
export function stringList(text: string): string[] {
  return text.split('\0').map((s) => s.trim()).filter(Boolean);
}

export function probeDeviceTree(ctx: ProbeContext): DeviceTreeFacts {
  const names = ctx.list(DT);
  if (!names.ok) {
    return { present: false, hypervisorCompatible: undefined, compatible: undefined, fwCfgNode: undefined, partitionName: undefined, hmcManaged: undefined, qemuGraphicWidth: undefined };
  }
  const list = (path: string): Signal<readonly string[]> | undefined => {
    const text = ctx.text(path, 4096);
    if (!text.ok) return undefined;
    const values = stringList(text.value);
    return values.length === 0 ? undefined : signal(path, values.join(', '), values);
  };
  const present = (path: string): Signal<boolean> | undefined => (ctx.exists(path) ? signal(path, 'present', true) : undefined);
  const fwCfg = names.value.find((name) => name.includes('fw-cfg'));
  return {
    present: true,
    hypervisorCompatible: list(`${DT}/hypervisor/compatible`),
    compatible: list(`${DT}/compatible`),
    fwCfgNode: fwCfg === undefined ? undefined : signal(`${DT}/${fwCfg}`, 'present', true),
    partitionName: present(`${DT}/ibm,partition-name`),
    hmcManaged: present(`${DT}/hmc-managed?`),
    qemuGraphicWidth: present(`${DT}/chosen/qemu,graphic-width`),
  };
}
