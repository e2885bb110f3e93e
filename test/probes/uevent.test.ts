/**
 * Device ids and drivers read from `uevent` (one read) and from the attribute files and `driver` links (three)
 * give the same evidence (subsystem ids from PCI_SUBSYS_ID or subsystem_vendor/subsystem_device). uevent contents are this development VM's (virtio-pci devices, 2026-11-25), in the
 * kernel's formats: drivers/base/core.c dev_uevent (DRIVER=), drivers/pci/pci-driver.c pci_uevent
 * (PCI_ID=%04X:%04X), drivers/virtio/virtio.c virtio_uevent (MODALIAS=virtio:d%08Xv%08X).
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { createReader } from '../../src/host/reader.ts';
import { probeBuses } from '../../src/probes/buses.ts';
import { createProbeContext } from '../../src/probes/context.ts';
import { probePci } from '../../src/probes/pci.ts';
import { probeBlockDevices } from '../../src/probes/storage-net.ts';
import { isPciAddress, parseUevent, pciIdOf, virtioIdOf } from '../../src/probes/sysfs.ts';
import { tree, type Entry } from '../helpers/tree.ts';

const PCI = '/sys/bus/pci/devices';
const NET = '/sys/devices/pci0000:00/0000:00:03.0';
const BLK = '/sys/devices/pci0000:00/0000:00:02.0';
/** An NVMe controller (QEMU's: PCI 1b36:0010, hw/nvme/nvme.h), whose namespace hangs off it directly. */
const NVME = '/sys/devices/pci0000:00/0000:00:04.0';

/** A virtio-pci block and net device, an NVMe controller, a host bridge without a driver, as files and links. */
const asFiles: Record<string, Entry> = {
  [`${PCI}/0000:00:00.0/vendor`]: '0x8086\n',
  [`${PCI}/0000:00:00.0/device`]: '0x0d57\n',
  [`${PCI}/0000:00:00.0/subsystem_vendor`]: '0x0000\n',
  [`${PCI}/0000:00:00.0/subsystem_device`]: '0x0000\n',
  [`${PCI}/0000:00:02.0`]: { link: '../../../devices/pci0000:00/0000:00:02.0' },
  [`${PCI}/0000:00:03.0`]: { link: '../../../devices/pci0000:00/0000:00:03.0' },
  [`${BLK}/vendor`]: '0x1af4\n',
  [`${BLK}/device`]: '0x1042\n',
  [`${BLK}/subsystem_vendor`]: '0x1af4\n',
  [`${BLK}/subsystem_device`]: '0x1042\n',
  [`${BLK}/driver`]: { link: '../../../bus/pci/drivers/virtio-pci' },
  [`${BLK}/virtio1/device`]: '0x0002\n',
  [`${BLK}/virtio1/driver`]: { link: '../../../../bus/virtio/drivers/virtio_blk' },
  [`${BLK}/virtio1/block/vda/size`]: '0\n',
  [`${NET}/vendor`]: '0x1af4\n',
  [`${NET}/device`]: '0x1041\n',
  [`${NET}/subsystem_vendor`]: '0x1af4\n',
  [`${NET}/subsystem_device`]: '0x1041\n',
  [`${NET}/driver`]: { link: '../../../bus/pci/drivers/virtio-pci' },
  [`${NET}/virtio2/device`]: '0x0001\n',
  [`${NET}/virtio2/driver`]: { link: '../../../../bus/virtio/drivers/virtio_net' },
  '/sys/bus/virtio/devices/virtio1': { link: '../../../devices/pci0000:00/0000:00:02.0/virtio1' },
  '/sys/bus/virtio/devices/virtio2': { link: '../../../devices/pci0000:00/0000:00:03.0/virtio2' },
  '/sys/block/vda': { link: '../devices/pci0000:00/0000:00:02.0/virtio1/block/vda' },
  [`${PCI}/0000:00:04.0`]: { link: '../../../devices/pci0000:00/0000:00:04.0' },
  [`${NVME}/vendor`]: '0x1b36\n',
  [`${NVME}/device`]: '0x0010\n',
  [`${NVME}/subsystem_vendor`]: '0x1af4\n',
  [`${NVME}/subsystem_device`]: '0x1100\n',
  [`${NVME}/driver`]: { link: '../../../bus/pci/drivers/nvme' },
  [`${NVME}/nvme/nvme0/nvme0n1/size`]: '0\n',
  '/sys/block/nvme0n1': { link: '../devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1' },
};

/** The same devices, with uevent attributes added (a live sysfs has both; a capture may have only one). */
const withUevents: Record<string, Entry> = {
  ...asFiles,
  [`${PCI}/0000:00:00.0/uevent`]: 'PCI_CLASS=60000\nPCI_ID=8086:0D57\nPCI_SUBSYS_ID=0000:0000\nPCI_SLOT_NAME=0000:00:00.0\nMODALIAS=pci:v00008086d00000D57sv00000000sd00000000bc06sc00i00\n',
  [`${BLK}/uevent`]: 'DRIVER=virtio-pci\nPCI_CLASS=18000\nPCI_ID=1AF4:1042\nPCI_SUBSYS_ID=1AF4:1042\nPCI_SLOT_NAME=0000:00:02.0\n',
  [`${NET}/uevent`]: 'DRIVER=virtio-pci\nPCI_CLASS=20000\nPCI_ID=1AF4:1041\nPCI_SUBSYS_ID=1AF4:1041\nPCI_SLOT_NAME=0000:00:03.0\n',
  [`${BLK}/virtio1/uevent`]: 'DRIVER=virtio_blk\nMODALIAS=virtio:d00000002v00001AF4\n',
  [`${NET}/virtio2/uevent`]: 'DRIVER=virtio_net\nMODALIAS=virtio:d00000001v00001AF4\n',
  [`${NVME}/uevent`]: 'DRIVER=nvme\nPCI_CLASS=10802\nPCI_ID=1B36:0010\nPCI_SUBSYS_ID=1AF4:1100\nPCI_SLOT_NAME=0000:00:04.0\n',
};

function probeAll(entries: Record<string, Entry>) {
  const t = tree(entries);
  try {
    const reader = createReader(t.root);
    const ctx = (name: string) => createProbeContext(reader, name, []);
    return { pci: probePci(ctx('pci')), virtio: probeBuses(ctx('buses')).virtio, block: probeBlockDevices(ctx('block')) };
  } finally {
    t.cleanup();
  }
}

describe('uevent', () => {
  it('gives the same PCI ids, virtio types and drivers as the attribute files and driver links', () => {
    const fromFiles = probeAll(asFiles);
    const fromUevents = probeAll(withUevents);
    deepStrictEqual(fromUevents, fromFiles);
    // And the expectation itself, so that both paths cannot be wrong alike.
    deepStrictEqual(
      fromFiles.pci.map((d) => [d.slot, d.vendor, d.device, d.subsystem, d.driver]),
      [
        ['0000:00:00.0', '8086', '0d57', '0000:0000', undefined],
        ['0000:00:02.0', '1af4', '1042', '1af4:1042', 'virtio-pci'],
        ['0000:00:03.0', '1af4', '1041', '1af4:1041', 'virtio-pci'],
        ['0000:00:04.0', '1b36', '0010', '1af4:1100', 'nvme'],
      ],
    );
    deepStrictEqual(fromFiles.virtio.map((d) => [d.name, d.type, d.driver]), [['virtio1', '0002', 'virtio_blk'], ['virtio2', '0001', 'virtio_net']]);
    // A virtio disk's carrier is the virtio device; an NVMe namespace's is the PCI function itself.
    deepStrictEqual(fromFiles.block.map((d) => [d.name, d.driver, d.pciId]), [['nvme0n1', 'nvme', '1b36:0010'], ['vda', 'virtio_blk', undefined]]);
  });

  it('passes loop, ram, zram, dm, md and nbd disks by name, without reading their links, however many there are', () => {
    // 300 loop devices sort before nvme0n1 and vda, and once crowded them out of the 256 names looked at.
    const virtualDisks: Record<string, Entry> = {};
    for (let n = 0; n < 300; n++) virtualDisks[`/sys/block/loop${n}`] = { link: `../devices/virtual/block/loop${n}` };
    for (const name of ['ram0', 'zram0', 'dm-0', 'md127', 'nbd0']) virtualDisks[`/sys/block/${name}`] = { link: `../devices/virtual/block/${name}` };
    const t = tree({ ...withUevents, ...virtualDisks });
    try {
      const reader = createReader(t.root);
      const linksRead: string[] = [];
      const counting = { ...reader, link: (path: string) => (linksRead.push(path), reader.link(path)) };
      const block = probeBlockDevices(createProbeContext(counting, 'block', []));
      deepStrictEqual(block.map((d) => [d.name, d.driver]), [['nvme0n1', 'nvme'], ['vda', 'virtio_blk']]);
      deepStrictEqual(linksRead.filter((path) => path.startsWith('/sys/block/')), ['/sys/block/nvme0n1', '/sys/block/vda']);
    } finally {
      t.cleanup();
    }
  });

  it('falls back to the files when a uevent lacks the id or is garbage', () => {
    const broken = { ...withUevents, [`${NVME}/uevent`]: 'DRIVER=nvme\nPCI_ID=nonsense\n', [`${BLK}/uevent`]: 'DRIVER=virtio-pci\n', [`${NET}/uevent`]: '\u0000\u00ff=\n', [`${NET}/virtio2/uevent`]: 'MODALIAS=virtio:dZZv1\n' };
    deepStrictEqual(probeAll(broken), probeAll(asFiles));
  });

  const ids: [string, string, { vendor: string; device: string } | undefined][] = [
    ['pci_uevent', 'PCI_ID=1AF4:1041\n', { vendor: '1af4', device: '1041' }],
    ['short ids are padded as hexId pads', 'PCI_ID=10:1\n', { vendor: '0010', device: '0001' }],
    ['three fields', 'PCI_ID=1AF4:1041:1\n', undefined],
    ['not hex', 'PCI_ID=1AG4:1041\n', undefined],
    ['empty device', 'PCI_ID=1AF4:\n', undefined],
    ['absent', 'DRIVER=x\n', undefined],
  ];
  for (const [name, text, expected] of ids) it(`reads PCI_ID: ${name}`, () => deepStrictEqual(pciIdOf(parseUevent(text)), expected));

  const modaliases: [string, string | undefined][] = [
    ['virtio:d00000001v00001AF4', '0001'],
    ['virtio:d0000001Av00001AF4', '001a'],
    ['virtio:d00012345v00001AF4', '12345'],
    ['virtio:dv00001AF4', undefined],
    ['pci:v00001AF4d00001041', undefined],
    ['virtio:d00000001', undefined],
  ];
  for (const [modalias, expected] of modaliases) it(`reads the virtio id of ${modalias}`, () => equal(virtioIdOf(parseUevent(`MODALIAS=${modalias}\n`)), expected));
});

describe('isPciAddress (the sysfs name of a PCI device: "%04x:%02x:%02x.%d", drivers/pci/probe.c)', () => {
  const names: [string, boolean][] = [
    ['0000:00:02.0', true],
    ['0000:af:1f.7', true],
    // VMD's domains start at 0x10000 (drivers/pci/controller/vmd.c); Hyper-V's vPCI domains are four-digit ids.
    ['10000:e1:00.0', true],
    ['7870:00:00.0', true],
    ['0000:00:02.8', false],
    ['0000:00:02', false],
    ['000:00:02.0', false],
    ['0000:0:02.0', false],
    ['0000:00:2.0', false],
    ['0000:00:02.0.1', false],
    ['0000:00:00:02.0', false],
    ['0000:AF:1f.7', false],
    ['virtio1', false],
    ['pci0000:00', false],
    ['', false],
  ];
  for (const [name, expected] of names) it(`${JSON.stringify(name)}: ${expected}`, () => equal(isPciAddress(name), expected));
});
