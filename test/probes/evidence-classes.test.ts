/**
 * The parsers of the evidence classes that roots from other projects' tests hold (issue: every evidence class the
 * field uses), table-driven, each with real shapes and malformed input. Values are as the kernel writes them
 * (file and function named per table).
 */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { beancounterIds } from '../../src/probes/containers.ts';
import { cpuShapeOf, lastCpuinfoBlock, parseCpuinfoBlock } from '../../src/probes/cpuinfo.ts';
import { smbiosString } from '../../src/probes/dmi.ts';
import { releaseOfBanner } from '../../src/probes/kernel.ts';
import { parseModules } from '../../src/probes/modules.ts';
import { parseProcPciTable } from '../../src/probes/pci.ts';
import { parseControlPrograms } from '../../src/probes/sysinfo.ts';
import { idPair } from '../../src/probes/sysfs.ts';

describe('evidence-class parsers', () => {
  describe('the architecture by the shape of /proc/cpuinfo (each arch/<arch> show_cpuinfo)', () => {
    const cases: [string, string, ReturnType<typeof cpuShapeOf>][] = [
      ['x86 (arch/x86/kernel/cpu/proc.c)', 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: fpu vme hypervisor\n', 'x86'],
      ['x86 translated by PowerVM Lx86', 'processor\t: 0\nvendor_id\t: PowerVM Lx86\ncpu family\t: 6\nflags\t\t: fpu vme\n', 'x86'],
      ['arm64 (arch/arm64/kernel/cpuinfo.c)', 'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\n', 'arm'],
      ['arm32 of old kernels', 'Processor\t: ARMv7 Processor rev 4 (v7l)\nBogoMIPS\t: 38.40\n', 'arm'],
      ['POWER (arch/powerpc/kernel/setup-common.c)', 'processor\t: 0\ncpu\t\t: POWER8 (architected), altivec supported\nclock\t\t: 4116.000000MHz\nrevision\t: 2.0 (pvr 004b 0200)\n', 'ppc'],
      ['IBM Z (arch/s390/kernel/processor.c)', 'vendor_id       : IBM/S390\n# processors    : 1\nbogomips per cpu: 11061.00\n', 's390'],
      ['ia64 (arch/ia64/kernel/setup.c)', 'processor  : 0\nvendor     : GenuineIntel\narch       : IA-64\nfamily     : Itanium 2\n', 'ia64'],
      ['SPARC (arch/sparc/kernel/setup_64.c)', 'cpu\t\t: TI UltraSparc II  (BlackBird)\nfpu\t\t: UltraSparc II integrated FPU\ntype\t\t: sun4u\n', 'sparc'],
      ['RISC-V (arch/riscv/kernel/cpu.c)', 'processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n', 'riscv'],
      ['MIPS (arch/mips/kernel/proc.c)', 'system type\t\t: MT7621\nmachine\t\t\t: Ubiquiti EdgeRouter X\nprocessor\t\t: 0\ncpu model\t\t: MIPS 1004Kc V2.15\n', 'mips'],
      ['User-Mode Linux (arch/um/kernel/um_arch.c)', 'processor\t: 0\nvendor_id\t: User Mode Linux\nmodel name\t: UML\n', 'um'],
      ['nothing known', 'foo\t: bar\n', undefined],
      ['empty', '', undefined],
    ];
    for (const [name, text, expected] of cases) it(name, () => equal(cpuShapeOf(parseCpuinfoBlock(text)), expected));
  });

  describe("POWER's machine-wide block after the last processor", () => {
    it('is the last block, wherever the processors end', () => {
      const text = 'processor\t: 0\ncpu\t\t: POWER8\n\nprocessor\t: 1\ncpu\t\t: POWER8\n\ntimebase\t: 512000000\nplatform\t: pSeries\nmodel\t\t: IBM pSeries (emulated by qemu)\n\n';
      const last = lastCpuinfoBlock(text);
      deepStrictEqual([last.get('platform'), last.get('model')], ['pSeries', 'IBM pSeries (emulated by qemu)']);
    });
    it('is the whole file when there is one block', () => equal(lastCpuinfoBlock('platform\t: PowerNV\n').get('platform'), 'PowerNV'));
  });

  describe('/proc/version banner (fs/proc/version.c)', () => {
    const cases: [string, string | undefined][] = [
      ['Linux version 6.1.0-50-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP', '6.1.0-50-amd64'],
      ['Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #488-Microsoft', '4.4.0-19041-Microsoft'],
      ['Linux version 3.16.0 (gcc version 7.5.0) BrandZ virtual linux', '3.16.0'],
      ['FreeBSD 14.0-RELEASE', undefined],
      ['Linux version ', undefined],
    ];
    for (const [banner, release] of cases) it(banner, () => equal(releaseOfBanner(banner), release));
  });

  describe('/proc/modules (kernel/module/procfs.c)', () => {
    it('takes the name and the reference count of each line', () => {
      const text = 'vboxsf 45056 1 - Live 0x0000000000000000 (OE)\nvboxguest 348160 2 vboxsf, Live 0x0000000000000000 (OE)\nkvm_intel 372736 3 - Live 0xffffffffc0123000\n\n';
      deepStrictEqual([...parseModules(text)], [['vboxsf', 1], ['vboxguest', 2], ['kvm_intel', 3]]);
    });
    it('takes a bare name, counts a missing or garbled count as 0, ignores blank lines', () => deepStrictEqual([...parseModules('\nfoo\nbar 1 x\n \n')], [['foo', 0], ['bar', 0]]));
  });

  describe('/proc/bus/pci/devices (drivers/pci/proc.c show_device)', () => {
    const line = (slot: string, ids: string, driver: string) => `${slot}\t${ids}\t0${'\t               0'.repeat(14)}\t${driver}`;
    it('reads slot, ids and the driver column, empty when none is bound', () => {
      const text = [line('0010', '80eebeef', 'vboxvideo'), line('0020', '80EECAFE', ''), line('0000', '80861237', '')].join('\n');
      deepStrictEqual(parseProcPciTable(text), [
        { slot: '0010', vendor: '80ee', device: 'beef', driver: 'vboxvideo' },
        { slot: '0020', vendor: '80ee', device: 'cafe', driver: undefined },
        { slot: '0000', vendor: '8086', device: '1237', driver: undefined },
      ]);
    });
    it('reads the table of kernels without the driver column', () => deepStrictEqual(parseProcPciTable('0008\t58530001\t28\n'), [{ slot: '0008', vendor: '5853', device: '0001', driver: undefined }]));
    it('skips malformed lines', () => deepStrictEqual(parseProcPciTable('garbage\n00x8\t80eebeef\t0\n0008\t80eebee\t0\n'), []));
  });

  describe('PCI_ID and PCI_SUBSYS_ID pairs (drivers/pci/pci-driver.c pci_uevent)', () => {
    const cases: [string | undefined, { vendor: string; device: string } | undefined][] = [
      ['1AF4:1100', { vendor: '1af4', device: '1100' }],
      ['15AD:07B0', { vendor: '15ad', device: '07b0' }],
      ['1AF4', undefined],
      ['1AF4:1100:0', undefined],
      [undefined, undefined],
    ];
    for (const [text, expected] of cases) it(`${text}`, () => deepStrictEqual(idPair(text), expected));
  });

  describe('raw SMBIOS strings (DMTF DSP0134: formatted area, then numbered strings)', () => {
    // A type 1 structure as QEMU writes it: manufacturer #1, product #2, version #3, no serial.
    const type1 = Uint8Array.from([1, 0x1b, 0, 1, 1, 2, 3, 0, ...new Array(0x1b - 8).fill(0), ...Buffer.from('QEMU\0Standard PC (i440FX + PIIX, 1996)\0pc-i440fx-7.2\0\0')]);
    const cases: [string, number, string | undefined][] = [
      ['manufacturer', 0x04, 'QEMU'],
      ['product', 0x05, 'Standard PC (i440FX + PIIX, 1996)'],
      ['version', 0x06, 'pc-i440fx-7.2'],
      ['serial: string number 0, none', 0x07, undefined],
      ['an offset past the formatted area', 0x40, undefined],
    ];
    for (const [name, offset, expected] of cases) it(name, () => equal(smbiosString(type1, offset), expected));
    it('stops at the double NUL when a string number points past the strings', () => {
      const raw = Uint8Array.from([1, 8, 0, 1, 5, 0, 0, 0, ...Buffer.from('A\0\0')]);
      equal(smbiosString(raw, 0x04), undefined);
    });
    it('refuses a truncated structure', () => equal(smbiosString(Uint8Array.from([1]), 0x04), undefined));
  });

  describe('/proc/sysinfo control programs (arch/s390/kernel/sysinfo.c)', () => {
    it('lists VM00 first: the hypervisor this Linux runs on', () => {
      const text = 'LPAR Name:            L16\nVM01 Control Program: z/VM    6.4.0\nVM00 Name:            rhel8-1\nVM00 Control Program: KVM/Linux       \n';
      deepStrictEqual(parseControlPrograms(text), ['KVM/Linux', 'z/VM    6.4.0']);
    });
    it('has none in an LPAR', () => deepStrictEqual(parseControlPrograms('LPAR Name:            L16\n'), []));
  });

  describe('/proc/user_beancounters ids (OpenVZ)', () => {
    const header = 'Version: 2.5\n       uid  resource                     held              maxheld              barrier                limit              failcnt\n';
    it("reads a container's own id", () => deepStrictEqual(beancounterIds(`${header}      101:  kmemsize   2752460 2848696 14372700 14790164 0\n            lockedpages   0 0 256 256 0\n`), [101]));
    it("reads the hardware node's ids", () => deepStrictEqual(beancounterIds(`${header}        0:  kmemsize 1 1 1 1 0\n      101:  kmemsize 1 1 1 1 0\n`), [0, 101]));
    it('reads nothing from garbage', () => deepStrictEqual(beancounterIds('x: y\n'), []));
  });
});
