import { deepStrictEqual, equal } from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createReader } from '../../src/host/reader.ts';
import { tree, type Tree } from '../helpers/tree.ts';

describe('reader', () => {
  let t: Tree;
  afterEach(() => t?.cleanup());

  it('reads a file inside the root by its absolute in-root path', () => {
    t = tree({ 'sys/hypervisor/type': 'xen\n' });
    deepStrictEqual(createReader(t.root).text('/sys/hypervisor/type'), { ok: true, value: 'xen\n' });
  });

  it('decodes text as UTF-8, each invalid byte a replacement character, as Buffer#toString does', () => {
    t = tree({});
    const bytes = Buffer.from([0x51, 0x45, 0x4d, 0x55, 0x20, 0xe2, 0x82, 0xac, 0x20, 0xff, 0xc3, 0x0a]);
    fs.writeFileSync(path.join(t.root, 'product_name'), bytes);
    deepStrictEqual(createReader(t.root).text('/product_name'), { ok: true, value: 'QEMU \u20ac \ufffd\ufffd\n' });
    equal(bytes.toString('utf8'), 'QEMU \u20ac \ufffd\ufffd\n');
  });

  it('reports a missing file as ENOENT, not as an exception', () => {
    t = tree({});
    deepStrictEqual(createReader(t.root).text('/proc/xen/capabilities'), { ok: false, code: 'ENOENT' });
  });

  it('keeps an absolute symlink inside the root (chroot semantics): /etc/shadow is the root\'s, not the host\'s', () => {
    t = tree({ 'sys/class/dmi/id/product_name': { link: '/etc/shadow' }, 'etc/shadow': 'fixture-shadow\n' });
    deepStrictEqual(createReader(t.root).text('/sys/class/dmi/id/product_name'), { ok: true, value: 'fixture-shadow\n' });
  });

  it('does not let .. in a link climb above the root', () => {
    t = tree({ 'a/b': { link: '../../../../../../etc/hostname' } });
    const read = createReader(t.root).text('/a/b');
    deepStrictEqual(read, { ok: false, code: 'ENOENT' }, 'resolves to <root>/etc/hostname, which does not exist');
  });

  it('follows relative sysfs links through directories', () => {
    t = tree({
      'sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/size': '100\n',
      'sys/block/vda': { link: '../devices/pci0000:00/0000:00:02.0/virtio1/block/vda' },
    });
    const reader = createReader(t.root);
    deepStrictEqual(reader.text('/sys/block/vda/size'), { ok: true, value: '100\n' });
    deepStrictEqual(reader.link('/sys/block/vda'), { ok: true, value: '../devices/pci0000:00/0000:00:02.0/virtio1/block/vda' });
  });

  it('stops a symlink loop with ELOOP', () => {
    t = tree({ 'a': { link: 'b' }, 'b': { link: 'a' } });
    deepStrictEqual(createReader(t.root).text('/a'), { ok: false, code: 'ELOOP' });
  });

  it('does not block on a FIFO planted where a file should be', () => {
    t = tree({ 'proc/cpuinfo': { fifo: true } });
    deepStrictEqual(createReader(t.root).text('/proc/cpuinfo'), { ok: false, code: 'ENOTREG' });
  });

  it('refuses a directory where a file should be', () => {
    t = tree({ 'proc/cpuinfo/x': 'y' });
    deepStrictEqual(createReader(t.root).text('/proc/cpuinfo'), { ok: false, code: 'EISDIR' });
  });

  it('reads at most the bound of a huge file', () => {
    t = tree({});
    const big = path.join(t.root, 'big');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 1024 * 1024 * 1024); // 1 GiB, sparse
    const read = createReader(t.root).text('/big', 4096);
    equal(read.ok && read.value.length, 4096);
  });

  it('rejects over-long and NUL-carrying paths', () => {
    t = tree({});
    deepStrictEqual(createReader(t.root).text(`/${'a'.repeat(5000)}`), { ok: false, code: 'ENAMETOOLONG' });
    deepStrictEqual(createReader(t.root).text('/a\0b'), { ok: false, code: 'ENAMETOOLONG' });
  });

  it('lists a directory sorted', () => {
    t = tree({ 'd/b': '', 'd/a': '', 'd/c': '' });
    deepStrictEqual(createReader(t.root).list('/d'), { ok: true, value: ['a', 'b', 'c'] });
  });

  it('reads bytes at an offset (the cpuid device access pattern)', () => {
    t = tree({ f: Buffer.from('0123456789abcdefXYZ') });
    const read = createReader(t.root).bytes('/f', 16, 16);
    deepStrictEqual(read.ok && Buffer.from(read.value).toString(), 'XYZ');
  });

  it('says what kind of entry a path is', () => {
    t = tree({ 'dev/kvm': '', 'proc/xen': { dir: true } });
    const reader = createReader(t.root);
    deepStrictEqual(reader.kind('/dev/kvm'), { ok: true, value: 'file' });
    deepStrictEqual(reader.kind('/proc/xen'), { ok: true, value: 'dir' });
    deepStrictEqual(reader.kind('/nope'), { ok: false, code: 'ENOENT' });
  });

  describe("the live root's /proc and /sys, read without a stat first", () => {
    const live = createReader('/');
    /** The first `length` bytes of a file, read in full with Node's own calls. */
    const prefix = (file: string, length: number): string => {
      const fd = fs.openSync(file, 'r');
      const bytes = Buffer.alloc(length);
      let done = 0;
      for (let got = 1; got > 0 && done < length; done += got) got = fs.readSync(fd, bytes, done, length - done, done);
      fs.closeSync(fd);
      return bytes.toString('utf8', 0, done);
    };

    it('reads a procfs file whole, and one larger than a page up to the bound, in pieces', function () {
      if (!fs.existsSync('/proc/self/mountinfo')) this.skip();
      deepStrictEqual(live.text('/proc/filesystems'), { ok: true, value: fs.readFileSync('/proc/filesystems', 'utf8') });
      // kallsyms comes in records: a read stops short before a symbol that does not fit, long before the end.
      if (!fs.existsSync('/proc/kallsyms')) return;
      deepStrictEqual(live.text('/proc/kallsyms', 20000), { ok: true, value: prefix('/proc/kallsyms', 20000) });
    });

    it('reads a sysfs attribute in one read', function () {
      if (!fs.existsSync('/sys/devices/system/cpu/online')) this.skip();
      deepStrictEqual(live.text('/sys/devices/system/cpu/online'), { ok: true, value: fs.readFileSync('/sys/devices/system/cpu/online', 'utf8') });
    });

    it('answers for directories and absent files as the stat did: EISDIR and ENOENT', function () {
      if (!fs.existsSync('/proc/self')) this.skip();
      deepStrictEqual(live.text('/proc/self'), { ok: false, code: 'EISDIR' });
      deepStrictEqual(live.text('/sys'), { ok: false, code: 'EISDIR' });
      deepStrictEqual(live.text('/proc/no-such-file'), { ok: false, code: 'ENOENT' });
      deepStrictEqual(live.text('/sys/no/such/attribute'), { ok: false, code: 'ENOENT' });
    });
  });

  it('reads the live character devices of this machine when root is /', function () {
    if (!fs.existsSync('/dev/null')) this.skip();
    deepStrictEqual(createReader('/').kind('/dev/null'), { ok: true, value: 'device' });
  });
});
