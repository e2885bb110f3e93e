/**
 * The compiled-code cache: V8's bytecode for the functions a fact run calls, written once by `virt-facts cache`
 * (and by `install`, the Debian package and the Ansible role), read by every fact run through the launcher
 * (src/launcher/boot.js). Compiling the program is most of what a fact run costs once Node has started; with the
 * cache, V8 loads that work instead of redoing it.
 *
 * A fact run never writes it (a fact only reads), so the cache exists where something installed the fact. The
 * launcher names the file after the program and the Node binary, and reads it only when root or the running user
 * owns it and nobody else can write it; V8 rejects a cache from another V8 version, other flags or another source.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { posix } from 'node:path';
import * as vm from 'node:vm';
import { installAtomically, removeFile } from './install.ts';
import { launcher, type Launcher } from './own-file.ts';
import { RECORDED_NODE_FLAGS, flagWord } from '../launcher/node-flags.ts';
import { runningNodeMajor } from '../version.ts';

/**
 * The file that tells the launcher the Node at `nodePath` (as the launcher found it: $VIRT_FACTS_NODE) takes
 * `flags`: `nodes` and the path, in the cache directory, then a comma and the flags as one word (flagWord), with the
 * binary's modification time (the launcher compares the two, so that a binary replaced since is not taken for the one
 * recorded). The launcher looks only for the names of the sets it knows and never reads a record: its content says
 * the same for a person. Only a plain absolute path (no `.`, `..` or empty component) gets one, so that the record
 * stays inside the directory.
 */
export function nodeRecord(dir: string, nodePath: string, flags: string): string | undefined {
  return nodePath.startsWith('/') && !/\/\.{0,2}(\/|$)/.test(nodePath) ? `${dir}/nodes${nodePath},${flagWord(flags)}` : undefined;
}

/**
 * Records this Node and its flags for the launcher; whether the record is there, with the binary's time to the
 * nanosecond. Records of the same path for other flags (another build's) go: they would outlive their use.
 */
function recordNode(record: string, nodePath: string, flags: string): boolean {
  try {
    const binary = fs.statSync(nodePath, { bigint: true });
    // existsSync first: Node 12's statSync has no throwIfNoEntry (14.17 on).
    const current = (): boolean => fs.existsSync(record) && fs.statSync(record, { bigint: true }).mtimeNs === binary.mtimeNs;
    if (!current()) {
      installAtomically(record, `${flags}\n`, 0o644);
      // Node sets a time to the microsecond: exact for the whole seconds that packages and release archives give
      // binaries; a time in nanoseconds (a copy made without -p) leaves the record unlike the binary, and the runs
      // without the flags.
      fs.utimesSync(record, new Date(), Number(binary.mtimeNs) / 1e9);
    }
    const dir = posix.dirname(record);
    const name = posix.basename(nodePath);
    for (const other of fs.readdirSync(dir)) {
      if ((other === name || other.startsWith(`${name},`)) && other !== posix.basename(record)) removeFile(posix.join(dir, other));
    }
    return current();
  } catch {
    return false;
  }
}

/** The names the launcher gives cache files (boot.js, cacheFileName): program hash, Node version, binary size and time. */
const CACHE_FILE = /^[0-9a-f]{16}-v\d+\.\d+\.\d+-[0-9a-z]+-[0-9a-z]+\.cache$/;

export type CacheResult =
  | { readonly status: 'written' | 'current'; readonly file: string; readonly bytes: number; readonly removed: readonly string[] }
  | { readonly status: 'off' | 'no-launcher' }
  | { readonly status: 'failed'; readonly file: string; readonly code: string }
  /** Written (or not) by the run of `cache` the launcher started with the recorded flags: its line, and whether it succeeded. */
  | { readonly status: 'again'; readonly line: string; readonly ok: boolean };

/**
 * Writes the cache for this program and this Node, after `exercise` has run the fact path in this process (only
 * functions that ran are compiled, and only compiled functions are cached). Older caches in the directory (other
 * builds, other Node binaries) are removed. A cache this run started from and that V8 accepted is left as it is.
 */
export function writeCodeCache(exercise: () => void, handle: Launcher | undefined = launcher(), nodePath = process.env.VIRT_FACTS_NODE ?? ''): CacheResult {
  if (handle === undefined) return { status: 'no-launcher' };
  const file = handle.cacheFile;
  if (file === undefined) return { status: 'off' };
  const dir = posix.dirname(file);
  try {
    // From now on the launcher starts this Node with the recorded flags, and V8 accepts only a cache made under the
    // same: when this run lacks them, the run of `cache` that the launcher starts next has them, and writes it.
    const flags = RECORDED_NODE_FLAGS[runningNodeMajor()];
    const withFlags = flags === undefined || flags.split(' ').every((flag) => process.execArgv.includes(flag));
    const record = withFlags ? undefined : nodeRecord(dir, nodePath, flags);
    if (!withFlags && record !== undefined && process.env.VIRT_FACTS_CACHE_RUN !== 'again' && recordNode(record, nodePath, flags)) {
      const again = spawnSync(process.argv[1] as string, ['cache'], { encoding: 'utf8', env: { ...process.env, VIRT_FACTS_CACHE_RUN: 'again' }, timeout: 120000 });
      if (again.error === undefined) return { status: 'again', line: again.stdout.trim() || `code cache not written: ${file}: exit ${again.status}`, ok: again.status === 0 };
      // The file cannot be run again (a mount without exec, say): no record, and a cache for runs without the flags.
      removeFile(record);
    }
    let status: 'written' | 'current' = 'current';
    let bytes: number;
    if (handle.cacheUsed) {
      bytes = fs.statSync(file).size;
    } else {
      exercise();
      const data = handle.framed(handle.script.createCachedData());
      // A cache V8 would reject at the next run is no cache; say so rather than write it.
      if (!accepted(handle, data)) return { status: 'failed', file, code: 'EREJECTED' };
      installAtomically(file, data, 0o644);
      status = 'written';
      bytes = data.length;
    }
    const removed: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      const other = posix.join(dir, name);
      if (other !== file && CACHE_FILE.test(name) && removeFile(other)) removed.push(other);
    }
    return { status, file, bytes, removed };
  } catch (error) {
    return { status: 'failed', file, code: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/** Whether the launcher would take `content` as this program's cache, and V8 accept it. */
function accepted(handle: Launcher, content: Buffer): boolean {
  const data = handle.unframed(content);
  return data !== undefined && !new vm.Script(handle.source, { filename: process.argv[1], cachedData: data }).cachedDataRejected;
}

/** One line for a person or a log: what `virt-facts cache` did. */
export function describeCacheResult(result: CacheResult): string {
  switch (result.status) {
    case 'written':
    case 'current': {
      const what = result.status === 'written' ? 'written' : 'up to date';
      const removed = result.removed.length > 0 ? `; removed ${result.removed.length} older` : '';
      return `code cache ${what}: ${result.file} (${result.bytes} bytes)${removed}`;
    }
    case 'off':
      return 'code cache off ($VIRT_FACTS_CACHE_DIR is empty)';
    case 'no-launcher':
      return 'no code cache: run the file itself (./virt.fact cache), not through `node`; only its launcher reads the cache';
    case 'failed':
      return `code cache not written: ${result.file}: ${result.code}`;
    case 'again':
      return result.line;
  }
}
