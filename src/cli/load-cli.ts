/**
 * Loads the command line: src/cli/args.ts with yargs and the operator commands. In a build it is a
 * brotli-compressed CommonJS chunk (build.mjs), so the fact path (no arguments) never parses or compiles it. In
 * facts.d/virt.fact the chunk sits in a comment after the program, which the launcher does not even read on a fact
 * run; the single executable, which has no file of its own to read, carries it as a string. From source (tests)
 * it is imported as usual.
 */
import { ownFile } from '../host/own-file.ts';
import { SHARED_MODULES } from './shared.ts';

/** Set by build.mjs: the chunk in base64, or 'trailer' when its bytes follow the program in the same file. */
declare const __CLI_CHUNK__: string | undefined;
declare const require: NodeJS.Require;

type Cli = typeof import('./args.ts');

/** The prefix build.mjs gives the chunk's imports of shared modules. */
const SHARED_PREFIX = 'virt-facts-shared:';
/** Where build.mjs puts the chunk after the program (CLI_TRAILER_MARKER there), up to the comment's end. */
const TRAILER_MARKER = '/*virt-facts-cli ';

/**
 * The chunk's bytes from the trailer after the program. build.mjs escaped every '*' there (01 02) and the escape
 * byte itself (01 01), so the comment cannot end early and the last marker in the file is the trailer's (the
 * program holds the marker's text too).
 */
function chunkFromOwnFile(): Buffer {
  const file = ownFile();
  const start = file.lastIndexOf(TRAILER_MARKER, undefined, 'latin1') + TRAILER_MARKER.length;
  const end = file.indexOf(' */', start, 'latin1');
  const out = Buffer.alloc(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = file[i] as number;
    out[length++] = byte === 0x01 ? (file[++i] === 0x02 ? 0x2a : 0x01) : byte;
  }
  return out.subarray(0, length);
}

export async function loadCli(): Promise<Cli> {
  if (typeof __CLI_CHUNK__ !== 'string') return import('./args.ts');
  // node:zlib costs ~10 ms to load (it pulls in streams): required here, never on the fact path.
  const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
  const compressed = __CLI_CHUNK__ === 'trailer' ? chunkFromOwnFile() : Buffer.from(__CLI_CHUNK__, 'base64');
  const code = brotliDecompressSync(compressed).toString('utf8');
  const chunkRequire = (id: string): unknown => (id.startsWith(SHARED_PREFIX) ? SHARED_MODULES[id.slice(SHARED_PREFIX.length)] : require(id));
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, chunkRequire, __filename, __dirname);
  return module.exports as Cli;
}
