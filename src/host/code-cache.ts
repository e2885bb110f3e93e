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
import { installAtomically, removeFile } from './install.ts';
import { launcher, type Launcher } from './own-file.ts';

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
export function writeCodeCache(exercise: () => void, handle: Launcher | undefined = launcher()): CacheResult {
  if (handle === undefined) return { status: 'no-launcher' };
  const file = handle.cacheFile;
  if (file === undefined) return { status: 'off' };
  const dir = posix.dirname(file);
  try {
    let status: 'written' | 'current' = 'current';
    let bytes: number;
    if (handle.cacheUsed) {
      bytes = fs.statSync(file).size;
    } else {
      exercise();
      const data = handle.cacheFileContent();
      // A cache V8 would reject at the next run is no cache; say so rather than write it.
      if (!handle.accepts(data)) return { status: 'failed', file, code: 'EREJECTED' };
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
