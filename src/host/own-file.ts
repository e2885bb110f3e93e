/**
 * The running program's own file (what `install` copies, and where the command line travels: cli/load-cli.ts), and
 * the launcher that started it from there (src/launcher/boot.js).
 */
import { readFileSync } from 'node:fs';

/** process.argv[1] is the file's path in every way it is started (the launcher sets it as Node does for a script). */
export const ownFile = (): Buffer => readFileSync(process.argv[1] as string);

/** What the launcher hands the program (the sixth argument of the function boot.js compiles it into). */
export interface Launcher {
  /** This program's cache for this Node binary; undefined when $VIRT_FACTS_CACHE_DIR turns caching off. */
  readonly cacheFile: string | undefined;
  /** This process started from the cache and V8 accepted it. */
  readonly cacheUsed: boolean;
  /** The cache file's content: V8's code cache of the program as compiled so far in this process, framed. */
  cacheFileContent(): Buffer;
  /** Whether the launcher would take `content` as this program's cache and V8 accept it. */
  accepts(content: Buffer): boolean;
}

/** Set by the launcher as a parameter of the program's function: absent when Node runs the file itself, or in tests. */
declare const virtFactsLauncher: Launcher | undefined;

export function launcher(): Launcher | undefined {
  return typeof virtFactsLauncher === 'undefined' ? undefined : virtFactsLauncher;
}

