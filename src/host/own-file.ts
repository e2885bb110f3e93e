/**
 * The running program's own file (what `install` copies, and where the command line travels: cli/load-cli.ts), and
 * the launcher that started it from there (src/launcher/boot.js).
 */
import { readFileSync } from 'node:fs';
import type { Script } from 'node:vm';

/** process.argv[1] is the file's path in every way it is started (the launcher sets it as Node does for a script). */
export const ownFile = (): Buffer => readFileSync(process.argv[1] as string);

/** What the launcher hands the program (the sixth argument of the function boot.js compiles it into). */
export interface Launcher {
  /** This program's cache for this Node binary; undefined when $VIRT_FACTS_CACHE_DIR turns caching off. */
  readonly cacheFile: string | undefined;
  /** This process started from the cache and V8 accepted it. */
  readonly cacheUsed: boolean;
  /** The program as the launcher compiled it, and its source. */
  readonly script: Script;
  readonly source: string;
  /** V8's cache data framed as the cache file holds it (boot.js: magic number and sampled hash). */
  framed(data: Buffer): Buffer;
  /** V8's cache data from a cache file's content; undefined when the frame does not hold. */
  unframed(content: Buffer): Buffer | undefined;
}

/** Set by the launcher as a parameter of the program's function: absent when Node runs the file itself, or in tests. */
declare const virtFactsLauncher: Launcher | undefined;

export function launcher(): Launcher | undefined {
  return typeof virtFactsLauncher === 'undefined' ? undefined : virtFactsLauncher;
}

