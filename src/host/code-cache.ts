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
import * as fs from 'node:fs';
import { posix } from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { installAtomically, removeFile } from './install.ts';
import { launcher, type Launcher } from './own-file.ts';

/**
 * The V8 flag the launcher starts a Node with once `cache` has run with it (src/launcher/launcher.sh): keep the start-up
 * snapshot's hash seed rather than rehash the snapshot with a random one, ~2 ms of every start. Node 4 and 5 refuse
 * it, hence the record of each Node that `cache` ran with; and a code cache carries the flags it was made under.
 */
export const NODE_RECORD_V8_FLAG = '--no-rehash-snapshot';
/**
 * The newest Node major known to take the flag: the newest that CI runs every fixture host on. A newer Node is not
 * recorded (its runs go without the flag) until CI has run it: a Node whose V8 dropped the flag would refuse to start.
 */
export const NEWEST_NODE_MAJOR_RECORDED = 24;

/**
 * The file that tells the launcher the Node at `nodePath` (as the launcher found it: $VIRT_FACTS_NODE) takes
 * NODE_RECORD_V8_FLAG: `nodes` and the path, in the cache directory, with the binary's modification time (the
 * launcher compares the two, so that a binary replaced since is not taken for the one recorded). Only a plain
 * absolute path (no `.`, `..` or empty component) gets one, so that the record stays inside the directory.
 */
export function nodeRecord(dir: string, nodePath: string): string | undefined {
  return nodePath.startsWith('/') && !/\/\.{0,2}(\/|$)/.test(nodePath) ? `${dir}/nodes${nodePath}` : undefined;
}

/** Records this Node for the launcher; whether the record is there and has the binary's time, to the nanosecond. */
function recordNode(dir: string, nodePath: string): boolean {
  const record = nodeRecord(dir, nodePath);
  if (record === undefined) return false;
  try {
    const binary = fs.statSync(nodePath, { bigint: true });
    const sameTime = (): boolean => fs.statSync(record, { bigint: true }).mtimeNs === binary.mtimeNs;
    if (fs.existsSync(record) && sameTime()) return true;
    installAtomically(record, `${NODE_RECORD_V8_FLAG}\n`, 0o644);
    // Node sets a time to the microsecond: exact for the whole seconds that packages and release archives give
    // binaries; a time in nanoseconds (a copy made without -p) leaves the record unlike the binary, and the runs
    // without the flag.
    fs.utimesSync(record, new Date(), Number(binary.mtimeNs) / 1e9);
    return sameTime();
  } catch {
    return false;
  }
}

/** The names the launcher gives cache files (boot.js, cacheFileName): program hash, Node version, binary size and time. */
const CACHE_FILE = /^[0-9a-f]{16}-v\d+\.\d+\.\d+-[0-9a-z]+-[0-9a-z]+\.cache$/;

export type CacheResult =
  | { readonly status: 'written' | 'current'; readonly file: string; readonly bytes: number; readonly removed: readonly string[] }
  | { readonly status: 'off' | 'no-launcher' }
  | { readonly status: 'failed'; readonly file: string; readonly code: string };

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
    // From now on the launcher starts this Node with the flag: the cache is made for such runs (setting the flag
    // now changes what V8 writes into the cache, not how this process started).
    const startedWithFlag = process.execArgv.includes(NODE_RECORD_V8_FLAG);
    const known = Number(process.versions.node.split('.')[0]) <= NEWEST_NODE_MAJOR_RECORDED;
    const withFlag = startedWithFlag || (known && recordNode(dir, nodePath));
    if (withFlag && !startedWithFlag) v8.setFlagsFromString(NODE_RECORD_V8_FLAG);
    let status: 'written' | 'current' = 'current';
    let bytes: number;
    if (handle.cacheUsed && withFlag === startedWithFlag) {
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
  }
}
