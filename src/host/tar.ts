/** A POSIX ustar archive of a directory tree (files, directories, symbolic links), deterministic: mtime 0, uid 0. */
import * as fs from 'node:fs';
import { posix } from 'node:path';

const BLOCK = 512;

function header(name: string, type: '0' | '2' | '5', size: number, mode: number, linkname = ''): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for a tar header: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const put = (text: string, offset: number, length: number) => block.write(text, offset, length, 'utf8');
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`;
  put(base, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** Writes `dir`'s contents to `out` as a tar archive whose paths start at the directory's own entries. */
export function writeTar(dir: string, out: string): void {
  const chunks: Buffer[] = [];
  const walk = (relative: string) => {
    const entries = fs.readdirSync(posix.join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = posix.join(dir, name);
      if (entry.isSymbolicLink()) {
        chunks.push(header(name, '2', 0, 0o777, fs.readlinkSync(full)));
      } else if (entry.isDirectory()) {
        chunks.push(header(`${name}/`, '5', 0, 0o755));
        walk(name);
      } else if (entry.isFile()) {
        const data = fs.readFileSync(full);
        chunks.push(header(name, '0', data.length, 0o644), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
      }
    }
  };
  walk('');
  chunks.push(Buffer.alloc(BLOCK * 2));
  fs.writeFileSync(out, Buffer.concat(chunks));
}
