/**
 * Writes what the probes read into a fixture tree: the same files, directories and symbolic links, so that
 * reading the tree with --root gives the same facts. Identifiers are not copied: PID 1's environment keeps
 * only `container=`; serials, UUIDs and MAC addresses are never read in the first place.
 */
import * as fs from 'node:fs';
import { posix } from 'node:path';
import type { Access } from './recording.ts';
import { walkInRoot } from './reader.ts';

const ABSENT = new Set(['ENOENT', 'ENOTDIR']);
/** The register devices, read at offset = leaf or MSR number: captured as text tables (fixtures/README.md). */
const REGISTER_DEVICE = /^\/dev\/cpu\/(\d+)\/(cpuid|msr)$/;

export interface CaptureResult {
  /** Paths that could not be read and why: the fixture's host.json `deny`. */
  readonly deny: Readonly<Record<string, string>>;
  readonly files: number;
}

/** Text that must not leave the machine as read. */
function redact(path: string, text: string): string {
  if (path === '/proc/1/environ') {
    const kept = text.split('\0').filter((entry) => entry.startsWith('container='));
    return kept.length > 0 ? `${kept.join('\0')}\0` : '';
  }
  // Only the ec2 prefix of the Xen domain UUID is evidence (an AWS instance); the rest identifies the machine.
  if (path === '/sys/hypervisor/uuid') return text.replace(/[0-9a-f]/gi, (digit, index: number) => (index < 3 ? digit : '0'));
  return text;
}

export function captureTree(sourceRoot: string, accesses: readonly Access[], outRoot: string): CaptureResult {
  const deny: Record<string, string> = {};
  const leaves = new Map<string, Map<number, Uint8Array>>();
  let files = 0;
  const source = (p: string) => posix.join(sourceRoot, p);
  const dest = (p: string) => posix.join(outRoot, p);

  /** Recreates the directories and links on the way to `path` (chroot semantics, as the reader resolves). */
  function chain(path: string, followLast: boolean): string | undefined {
    const walked = walkInRoot(sourceRoot, path, followLast, {
      directory: (at) => fs.mkdirSync(dest(at), { recursive: true }),
      link: (at, target) => {
        fs.mkdirSync(posix.dirname(dest(at)), { recursive: true });
        if (!fs.existsSync(dest(at)) && !isLink(dest(at))) fs.symlinkSync(target, dest(at));
      },
    });
    return walked.ok ? walked.value : undefined;
  }

  const listings: Access[] = [];
  for (const access of accesses) {
    const { op, path, result } = access;
    if (!result.ok) {
      if (!ABSENT.has(result.code)) deny[path] = result.code;
      continue;
    }
    if (op === 'bytes' && REGISTER_DEVICE.test(path)) {
      const map = leaves.get(path) ?? new Map<number, Uint8Array>();
      map.set(access.offset ?? 0, result.value as Uint8Array);
      leaves.set(path, map);
      continue;
    }
    if (op === 'list') {
      listings.push(access);
      continue;
    }
    const real = chain(path, op !== 'link');
    if (real === undefined) continue;
    const out = dest(real);
    fs.mkdirSync(posix.dirname(out), { recursive: true });
    if (op === 'text') {
      fs.writeFileSync(out, redact(path, result.value as string));
      files++;
    } else if (op === 'bytes') {
      fs.writeFileSync(out, result.value as Uint8Array);
      files++;
    } else if (op === 'link') {
      if (!isLink(out)) fs.symlinkSync(result.value as string, out);
    } else if (op === 'kind') {
      if (result.value === 'dir') fs.mkdirSync(out, { recursive: true });
      else if (!fs.existsSync(out)) fs.writeFileSync(out, ''); // device nodes become empty files (fixtures/README.md)
    }
  }
  // Directory listings last: entries nothing else read (e.g. /proc/xen/xenbus) become empty files, so the listing matches.
  for (const { path, result } of listings) {
    const real = chain(path, true);
    if (real === undefined) continue;
    fs.mkdirSync(dest(real), { recursive: true });
    const names = result.ok ? (result.value as string[]) : [];
    if (names.length === 0) fs.writeFileSync(posix.join(dest(real), '.gitkeep'), '');
    for (const name of names) {
      const entry = posix.join(dest(real), name);
      if (!fs.existsSync(entry) && !isLink(entry)) {
        const kind = safeKind(posix.join(source(real), name));
        if (kind === 'dir') fs.mkdirSync(entry, { recursive: true });
        else {
          fs.writeFileSync(entry, '');
          files++;
        }
      }
    }
  }
  for (const [path, map] of leaves) {
    const msr = path.endsWith('/msr');
    // CPUID: `leaf eax ebx ecx edx`, 16 bytes a read; MSR: `msr value`, 8 bytes a read, the value as one 64-bit number.
    const lines = [...map.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, bytes]) => bytes.length >= (msr ? 8 : 16))
      .map(([index, bytes]) => {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const words = (msr ? [4, 0] : [0, 4, 8, 12]).map((o) => view.getUint32(o, true).toString(16).padStart(8, '0'));
        return `${index.toString(16).padStart(8, '0')} ${msr ? words.join('') : words.join(' ')}`;
      });
    fs.mkdirSync(posix.dirname(dest(path)), { recursive: true });
    fs.writeFileSync(dest(path), `# ${msr ? 'msr value' : 'leaf eax ebx ecx edx'} (captured from the ${msr ? 'msr' : 'cpuid'} device)\n${lines.join('\n')}\n`);
    files++;
  }
  return { deny, files };
}

function isLink(path: string): boolean {
  try {
    return fs.lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function safeKind(path: string): 'dir' | 'file' {
  try {
    return fs.statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'file';
  }
}
