/** The pure parsers, table-driven, malformed input included. */
import { deepStrictEqual, equal } from 'node:assert/strict';
import { posix } from 'node:path';
import { decodeRegisters, parseLeafTable, signatureOf } from '../../src/probes/cpuid.ts';
import { parseCpuinfoBlock } from '../../src/probes/cpuinfo.ts';
import { smbiosVmBit } from '../../src/probes/dmi.ts';
import { fsTypeAt } from '../../src/probes/mounts.ts';
import { cgroupPathsOf, containerFromEnviron, isInitialNamespace, statusField } from '../../src/probes/processes.ts';
import { parseFeatures } from '../../src/probes/sys-hypervisor.ts';
import { hexId, lastComponent } from '../../src/probes/sysfs.ts';
import { firstLine, isDigits, isHexDigits, parseHex32, printable, redactIdentifiers, words } from '../../src/model/text.ts';

describe('parsers', () => {
  describe('CPUID', () => {
    const cases: [string, [number, number, number], string][] = [
      ['KVM (kvm_para.h)', [0x4b4d564b, 0x564b4d56, 0x0000004d], 'KVMKVMKVM'],
      ['Xen (arch-x86/cpuid.h)', [0x566e6558, 0x65584d4d, 0x4d4d566e], 'XenVMMXenVMM'],
      ['Hyper-V', [0x7263694d, 0x666f736f, 0x76482074], 'Microsoft Hv'],
      ['empty leaf', [0, 0, 0], ''],
      ['binary garbage', [0x01020304, 0, 0], '????'],
    ];
    for (const [name, [ebx, ecx, edx], expected] of cases) {
      it(`decodes the signature: ${name}`, () => equal(signatureOf({ eax: 0, ebx, ecx, edx }), expected));
    }
    it('decodes 16 little-endian bytes into registers, and refuses fewer', () => {
      const bytes = Uint8Array.from([1, 0, 0, 0x40, 0x4b, 0x56, 0x4d, 0x4b, 0x56, 0x4d, 0x4b, 0x56, 0x4d, 0, 0, 0]);
      deepStrictEqual(decodeRegisters(bytes), { eax: 0x40000001, ebx: 0x4b4d564b, ecx: 0x564b4d56, edx: 0x4d });
      equal(decodeRegisters(bytes.subarray(0, 15)), undefined);
    });
    it('parses a captured leaf table and skips comments and malformed lines', () => {
      const table = parseLeafTable('# leaf eax ebx ecx edx\n40000000 40000001 4b4d564b 564b4d56 0000004d\nnot a line\n1 2 3\n0x1 0 0 80000000 0\n');
      deepStrictEqual([...table.keys()], [0x40000000, 1]);
      deepStrictEqual(table.get(1), { eax: 0, ebx: 0, ecx: 0x80000000, edx: 0 });
    });
  });

  describe('/proc/cpuinfo', () => {
    it('reads only the first processor block', () => {
      const fields = parseCpuinfoBlock('processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vmx\n\nprocessor\t: 1\nvendor_id\t: Other\n');
      deepStrictEqual([fields.get('vendor_id'), fields.get('flags')], ['GenuineIntel', 'fpu vmx']);
    });
    it('tolerates lines without a colon and an empty file', () => {
      deepStrictEqual([...parseCpuinfoBlock('garbage\n\n\n').entries()], []);
      deepStrictEqual([...parseCpuinfoBlock('').entries()], []);
    });
  });

  describe('Xen features', () => {
    const cases: [string, number | undefined][] = [['00000705', 0x705], ['0x00002f05', 0x2f05], ['ffffffff', 0xffffffff], ['', undefined], ['xyz', undefined], ['123456789', undefined]];
    for (const [text, expected] of cases) it(`parses "${text}"`, () => equal(parseFeatures(text), expected));
  });

  describe('SMBIOS type 0 VM bit (byte 0x13 bit 4)', () => {
    const entry = (length: number, byte13: number) => {
      const raw = new Uint8Array(Math.max(length, 2));
      raw[0] = 0;
      raw[1] = length;
      if (length > 0x13) raw[0x13] = byte13;
      return raw;
    };
    it('is set on a VM', () => equal(smbiosVmBit(entry(0x18, 0x10)), true));
    it('is clear on metal', () => equal(smbiosVmBit(entry(0x18, 0x0c)), false));
    it('is unknown when the structure predates the byte', () => equal(smbiosVmBit(entry(0x12, 0)), undefined));
    it('is unknown for a structure that is not type 0', () => equal(smbiosVmBit(Uint8Array.from([1, 0x18, ...new Array(30).fill(0x10)])), undefined));
  });

  describe('processes', () => {
    it('finds container= among NUL-separated variables and nothing else', () => {
      equal(containerFromEnviron('HOME=/\0container=podman\0TERM=xterm\0'), 'podman');
      equal(containerFromEnviron('HOME=/\0TERM=xterm\0'), '');
      equal(containerFromEnviron('\xff\xfe'), '');
    });
    it('keeps the non-root cgroup paths of v1 and v2 lines', () => {
      deepStrictEqual(cgroupPathsOf('12:pids:/docker/abc\n0::/\n1:name=systemd:/docker/abc\nbad line\n'), ['/docker/abc']);
      deepStrictEqual(cgroupPathsOf('0::/\n'), []);
      deepStrictEqual(cgroupPathsOf('x:pids:/a\n:pids:/b\n3:/c\n4:cpu:/d:with:colons\n  5::/e  \n'), ['/d:with:colons', '/e']);
    });
    it('knows the initial namespaces by their fixed inode numbers (proc_ns.h)', () => {
      deepStrictEqual(
        [
          isInitialNamespace('pid', 'pid:[4026531836]'),
          isInitialNamespace('pid', 'pid:[4026532291]'),
          isInitialNamespace('cgroup', 'cgroup:[4026531835]\n'),
          isInitialNamespace('pid', 'garbage'),
          isInitialNamespace('pid', 'pid:[]'),
          isInitialNamespace('pid', 'pid:[12x]'),
          isInitialNamespace('pid', 'cgroup:[4026531835]'),
          isInitialNamespace('pid', 'pid:[4026531836'),
        ],
        [true, false, true, undefined, undefined, undefined, undefined, undefined],
      );
    });
    it('reads a named status field', () => {
      equal(statusField('Name:\tbash\nNSpid:\t42\t1\n', 'NSpid'), '42\t1');
      equal(statusField('Name:\tbash\n', 'VxID'), undefined);
      equal(statusField('VxID:\t0\nName:\tbash', 'VxID'), '0');
      equal(statusField('Name:\tbash\nTracerPid:\t77', 'TracerPid'), '77');
      equal(statusField('Name:\tmyVxID: 5\n', 'VxID'), undefined);
    });
  });

  describe('mountinfo', () => {
    const text = [
      '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '23 26 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw',
      '99 26 0:50 / / rw shared:1 - overlay overlay rw,lowerdir=/x',
      'malformed',
    ].join('\n');
    it('takes the last mount at a mount point, with optional fields', () => equal(fsTypeAt(text, '/'), 'overlay'));
    it('finds /dev', () => equal(fsTypeAt(text, '/dev'), 'devtmpfs'));
    it('says nothing for a mount point that is not there', () => equal(fsTypeAt(text, '/proc'), undefined));
    it('matches the mount point field only, on the last line too', () => {
      const tricky = ['30 26 0:7 /dev /mnt rw - tmpfs none rw', '31 26 0:8 / /dev/pts rw - devpts devpts rw', '32 26 0:9 / /dev rw - tmpfs tmpfs rw'].join('\n');
      equal(fsTypeAt(tricky, '/dev'), 'tmpfs');
      equal(fsTypeAt(tricky, '/mnt'), 'tmpfs');
      equal(fsTypeAt('30 26 0:7 /dev /mnt rw - ext4 /dev/sda rw', '/dev'), undefined);
    });
  });

  describe('text', () => {
    it('keeps ids in sysfs hex form', () =>
      deepStrictEqual(
        [hexId('0x1af4\n'), hexId('0x10'), hexId('0xABCD'), hexId('nope'), hexId(undefined), hexId('0x'), hexId('0x123456789'), hexId('1af4'), hexId('0x1g')],
        ['1af4', '0010', 'abcd', undefined, undefined, undefined, undefined, undefined, undefined],
      ));
    it('takes the last component of a path as posix.basename does', () => {
      const paths = ['../../bus/pci/drivers/virtio-pci', '/sys/devices/pci0000:00/0000:00:02.0', 'vda', '/', '', 'a//', '/x/y/', '//', 'drivers/'];
      deepStrictEqual(paths.map(lastComponent), paths.map((path) => posix.basename(path)));
      equal(lastComponent('../../bus/xen/drivers/vif'), 'vif');
    });
    it('splits blank-separated lists on any blank, and tells digits from other text', () => {
      deepStrictEqual(words(' tsc  hpet\tacpi_pm\n'), ['tsc', 'hpet', 'acpi_pm']);
      deepStrictEqual(words(''), []);
      deepStrictEqual(words(' \t\n'), []);
      // Spaces only (the native split) and every other blank, each alone in a list (the loop): the same words.
      deepStrictEqual(words('  fpu vme  de '), ['fpu', 'vme', 'de']);
      deepStrictEqual(words('   '), []);
      for (const blank of ['\t', '\n', '\v', '\f', '\r']) deepStrictEqual(words(`fpu${blank}vme de${blank}`), ['fpu', 'vme', 'de'], JSON.stringify(blank));
      deepStrictEqual([isDigits('0'), isDigits('123'), isDigits(''), isDigits('12a'), isDigits('-1'), isDigits('\u0661')], [true, true, false, false, false, false]);
      deepStrictEqual([isHexDigits('09afAF'), isHexDigits(''), isHexDigits('g'), isHexDigits('0x1')], [true, false, false, false]);
      deepStrictEqual(
        ['0x1af4', '1AF4', 'ffffffff', '0x', '', '123456789', '0X10', '-1', '0x1g'].map(parseHex32),
        [0x1af4, 0x1af4, 0xffffffff, undefined, undefined, undefined, undefined, undefined, undefined],
      );
    });
    it('makes system strings printable and bounded', () => {
      equal(printable('a\nb\0c\u00e9'), 'a?b\\0c?');
      equal(printable('x'.repeat(300), 10), `${'x'.repeat(9)}~`);
    });
    it('takes the first line of an attribute', () => equal(firstLine('  xen \nrest'), 'xen'));
    it('keeps short and clean printable strings as they are, and copies nothing else', () => {
      equal(printable('KVMKVMKVM'), 'KVMKVMKVM');
      equal(printable('x'.repeat(200)), 'x'.repeat(200));
      equal(printable('x'.repeat(201)), `${'x'.repeat(199)}~`);
      equal(printable('tab\there'), 'tab?here');
    });
    const redactions: [string, string, string][] = [
      ['a UUID with dashes', 'uuid 4C4C4544-0042-3510-8053-B4C04F4E4D32 here', 'uuid [uuid] here'],
      ['a UUID without dashes', 'ec2a1b2c3d4e5f60718293a4b5c6d7e8f', '[uuid]f'],
      ['a docker cgroup id', '/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope', '/docker-[uuid][uuid].scope'],
      ['a MAC with colons', 'ether 52:54:00:12:34:56 brd', 'ether [mac] brd'],
      ['a MAC with dashes', '52-54-00-AB-CD-EF', '[mac]'],
      ['a PCI slot (not an identifier)', '/sys/devices/pci0000:00/0000:00:02.0/virtio1/driver', '/sys/devices/pci0000:00/0000:00:02.0/virtio1/driver'],
      ['a short hex string', '1af4:1001', '1af4:1001'],
      ['seven hex digits and four separators', 'deadbee-a:b:c', 'deadbee-a:b:c'],
    ];
    for (const [name, text, expected] of redactions) {
      it(`redacts identifiers in text: ${name}`, () => deepStrictEqual(redactIdentifiers({ list: [text], nested: { text } }), { list: [expected], nested: { text: expected } }));
    }
  });
});
