/**
 * The only module that touches the operating system. A Reader gives root-relative, bounded, read-only access
 * to a system tree: `/` on a live host, a fixture or a capture with `--root`.
 *
 * Every path a caller passes is absolute *inside* the root. Symbolic links are resolved component by component
 * with chroot semantics (an absolute target restarts at the root, `..` never climbs above it), so nothing under
 * `--root` can make the program read outside it.
 */
import { closeSync, constants, lstatSync, openSync, readSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { posix } from 'node:path';

/** The result of one read: a value, or the errno-style code that prevented it (ENOENT means "not there"). */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string };

export type EntryKind = 'file' | 'dir' | 'device' | 'other';

export interface Reader {
  /** The directory that stands for `/`. */
  readonly root: string;
  /** Text of a regular file, at most `maxBytes` bytes, decoded as UTF-8 with replacement characters. */
  text(path: string, maxBytes?: number): Read<string>;
  /** `length` bytes at `offset` of a regular file or character device (the CPUID device is read this way). */
  bytes(path: string, offset: number, length: number): Read<Uint8Array>;
  /** Names in a directory, sorted, without `.` and `..`. */
  list(path: string): Read<string[]>;
  /** The target of a symbolic link, as stored. */
  link(path: string): Read<string>;
  /** What is at a path, following links. */
  kind(path: string): Read<EntryKind>;
}

/** Upper bound for any text read: sysfs attributes are one page; /proc/cpuinfo's first block is far smaller. */
export const DEFAULT_MAX_BYTES = 64 * 1024;
/** Links followed while resolving one path, as the kernel's MAXSYMLINKS. */
const MAX_LINKS = 40;
/** Longest path accepted, as the kernel's PATH_MAX. */
const MAX_PATH = 4096;

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (code: string): Read<never> => ({ ok: false, code });
const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'EIO';

/**
 * Opens without blocking (a FIFO planted where a sysfs file should be returns at once) and without making a
 * terminal our controlling one.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** What a walk reports as it goes: each link followed, and each directory passed through. */
export interface WalkVisitor {
  link?(at: string, target: string): void;
  directory?(at: string): void;
}

/**
 * Resolves `path` inside `rootDir` component by component with chroot semantics: an absolute link target
 * restarts at the root, `..` never climbs above it, at most MAX_LINKS links. Returns the resolved path inside
 * the root. The reader confines every read with it; `capture` uses the visitor to recreate the links and
 * directories it passes.
 */
export function walkInRoot(rootDir: string, path: string, followLast: boolean, visit: WalkVisitor = {}): Read<string> {
  const pending = path.split('/').filter((part) => part !== '' && part !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '..') {
      done.pop();
      continue;
    }
    const isLast = pending.length === 0;
    const at = `/${[...done, part].join('/')}`;
    if (isLast && !followLast) {
      done.push(part);
      break;
    }
    let stat: Stats;
    try {
      stat = lstatSync(posix.join(rootDir, at));
    } catch (error) {
      // A missing last component is the caller's ENOENT; a missing directory on the way is the same answer.
      return fail(codeOf(error));
    }
    if (!stat.isSymbolicLink()) {
      if (!isLast && !stat.isDirectory()) return fail('ENOTDIR');
      if (!isLast) visit.directory?.(at);
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return fail('ELOOP');
    let target: string;
    try {
      target = readlinkSync(posix.join(rootDir, at));
    } catch (error) {
      return fail(codeOf(error));
    }
    visit.link?.(at, target);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return ok(`/${done.join('/')}`);
}

/** A file of the kernel's own file systems on the live root: /proc (procfs) and /sys (sysfs and what is mounted in it). */
function isKernelFile(path: string): boolean {
  return path.startsWith('/proc/') || path.startsWith('/sys/');
}

/**
 * A sysfs attribute: the kernel prints it whole at the first read (one show() call, at most a page), so a read that
 * comes back short is its end. Not so under /sys/fs (cgroup files list one record after another, and a read stops
 * short before a record that does not fit) or /sys/kernel (debugfs, tracefs, configfs), nor in procfs.
 */
function isSingleShowAttribute(path: string): boolean {
  return path.startsWith('/sys/') && !path.startsWith('/sys/fs/') && !path.startsWith('/sys/kernel/');
}

/**
 * Buffer's UTF-8 decoder, which toString('utf8', start, end) calls after checking its arguments and looking the
 * encoding up: on every Node (node_buffer.cc, since long before 12), but not declared in @types/node. Called directly,
 * with the boot's latin1Slice, it spares a fact run 0.67 M instructions (callgrind). toString should a Node lack it.
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Buffer, start: number, end: number) => string }).utf8Slice;
const decodeUtf8 = (bytes: Buffer, length: number): string => (utf8Slice === undefined ? bytes.toString('utf8', 0, length) : utf8Slice.call(bytes, 0, length));

/** Creates a reader for the tree at `root` (`/` for the live system). */
export function createReader(root = '/'): Reader {
  const rootDir = posix.resolve(root);
  const live = rootDir === '/';
  // One scratch buffer per reader, grown on demand: sysfs values are a few bytes, and a fresh zeroed 64 KiB
  // buffer per read made garbage collection the largest cost of a run.
  let scratch = Buffer.allocUnsafe(4096);

  /** Maps a path inside the root to a host path whose directories hold no link that leaves the root. */
  function resolve(path: string, followLast: boolean): Read<string> {
    if (!path.startsWith('/')) return fail('EINVAL');
    if (path.length > MAX_PATH || path.includes('\0')) return fail('ENAMETOOLONG');
    // The live root needs no confinement: the kernel resolves the path as any program's would.
    if (live) return ok(path);
    const walked = walkInRoot(rootDir, path, followLast);
    return walked.ok ? ok(posix.join(rootDir, walked.value)) : walked;
  }

  /**
   * Reads into the scratch buffer; the result is the number of bytes there. The type is checked before the
   * open, so a FIFO or a device where a file should be is never even opened, and an absent file (the commonest
   * answer) costs one stat and no error object. Swapping in a FIFO between the two calls gains nothing: the
   * open does not block (O_NONBLOCK) and every read is bounded. The live root's /proc and /sys are the exception
   * (see below).
   */
  function readFrom(path: string, offset: number, maxBytes: number, allowDevice: boolean): Read<number> {
    const resolved = resolve(path, true);
    if (!resolved.ok) return resolved;
    let device = false;
    let sized: boolean;
    let fd: number;
    try {
      if (live && !allowDevice && isKernelFile(path)) {
        // procfs and sysfs hold no FIFOs or devices to keep from opening (the one device container runtimes bind
        // there is /dev/null, over the paths they mask, and it reads as empty), so the stat is skipped: it was the
        // costliest call of a read (Node builds a Stats object with four Dates for each). A directory opens and
        // then fails the read with EISDIR, as the stat would have said; an absent file costs an error object.
        sized = isSingleShowAttribute(path);
      } else {
        const stat = statSync(resolved.value, { throwIfNoEntry: false });
        if (stat === undefined) return fail('ENOENT');
        if (stat.isDirectory()) return fail('EISDIR');
        device = allowDevice && stat.isCharacterDevice();
        if (!stat.isFile() && !device) return fail('ENOTREG');
        sized = stat.size > 0;
      }
      fd = openSync(resolved.value, OPEN_FLAGS);
    } catch (error) {
      return fail(codeOf(error));
    }
    try {
      let filled = 0;
      // procfs reports size 0 and sysfs one page whatever the content, so st_size is never trusted as the length:
      // read until EOF or the bound.
      while (filled < maxBytes) {
        if (filled === scratch.length) {
          const grown = Buffer.allocUnsafe(Math.min(scratch.length * 4, maxBytes));
          scratch.copy(grown, 0, 0, filled);
          scratch = grown;
        }
        const wanted = Math.min(scratch.length, maxBytes) - filled;
        const count = readSync(fd, scratch, filled, wanted, offset + filled);
        if (count === 0) break;
        filled += count;
        // A device answers each read afresh (the CPUID device returns the same leaf again): one read.
        if (device) break;
        // A short read of a file that has a size is its end: a regular file answers short only at EOF, and a sysfs
        // attribute (size 4096) comes whole in one read. procfs files (size 0) may come in pieces: read on. This
        // spares the EOF read on most files, a third of a fact run's reads.
        if (sized && count < wanted) break;
      }
      return ok(filled);
    } catch (error) {
      return fail(codeOf(error));
    } finally {
      closeSync(fd);
    }
  }

  return {
    root: rootDir,
    text(path, maxBytes = DEFAULT_MAX_BYTES) {
      const read = readFrom(path, 0, maxBytes, false);
      return read.ok ? ok(decodeUtf8(scratch, read.value)) : read;
    },
    bytes(path, offset, length) {
      const read = readFrom(path, offset, length, true);
      return read.ok ? ok(Uint8Array.prototype.slice.call(scratch, 0, read.value)) : read;
    },
    list(path) {
      const resolved = resolve(path, true);
      if (!resolved.ok) return resolved;
      try {
        // As for files: an absent directory is the commonest answer, and costs no error object.
        const stat = statSync(resolved.value, { throwIfNoEntry: false });
        if (stat === undefined) return fail('ENOENT');
        if (!stat.isDirectory()) return fail('ENOTDIR');
        return ok(readdirSync(resolved.value).sort());
      } catch (error) {
        return fail(codeOf(error));
      }
    },
    link(path) {
      const resolved = resolve(path, false);
      if (!resolved.ok) return resolved;
      try {
        return ok(readlinkSync(resolved.value));
      } catch (error) {
        return fail(codeOf(error));
      }
    },
    kind(path) {
      const resolved = resolve(path, true);
      if (!resolved.ok) return resolved;
      try {
        // Most markers asked about are absent: no error object for that commonest answer.
        const stat = statSync(resolved.value, { throwIfNoEntry: false });
        if (stat === undefined) return fail('ENOENT');
        if (stat.isFile()) return ok('file');
        if (stat.isDirectory()) return ok('dir');
        if (stat.isCharacterDevice() || stat.isBlockDevice()) return ok('device');
        return ok('other');
      } catch (error) {
        return fail(codeOf(error));
      }
    },
  };
}
