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

  it('reads the live character devices of this machine when root is /', function () {
    if (!fs.existsSync('/dev/null')) this.skip();
    deepStrictEqual(createReader('/').kind('/dev/null'), { ok: true, value: 'device' });
  });
});
