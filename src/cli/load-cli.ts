/**
 * Loads the command line: src/cli/args.ts with yargs and the operator commands. In a build it is a
 * brotli-compressed CommonJS chunk (build.mjs), so the fact path (no arguments) never parses or compiles it. In
 * facts.d/virt.fact the chunk sits in a comment after the program, which the launcher does not even read on a fact
 * run; the single executable, which has no file of its own to read, carries it as a string. From source (tests)
 * it is imported as usual.
 */
import { ownFile } from '../host/own-file.ts';
import { SHARED_MODULES } from './shared.ts';

/** Set by build.mjs: the chunk in base64, or 'trailer' when it follows the program in the same file. */
declare const __CLI_CHUNK__: string | undefined;
declare const require: NodeJS.Require;

type Cli = typeof import('./args.ts');

/** The prefix build.mjs gives the chunk's imports of shared modules. */
const SHARED_PREFIX = 'virt-facts-shared:';
/** Where build.mjs puts the chunk after the program (CLI_TRAILER_MARKER there), up to the comment's end. */
const TRAILER_MARKER = '/*virt-facts-cli ';

function chunkFromOwnFile(): string {
  const text = ownFile().toString('latin1');
  const start = text.lastIndexOf(TRAILER_MARKER) + TRAILER_MARKER.length;
  return text.slice(start, text.indexOf(' */', start));
}

export async function loadCli(): Promise<Cli> {
  if (typeof __CLI_CHUNK__ !== 'string') return import('./args.ts');
  // node:zlib costs ~10 ms to load (it pulls in streams): required here, never on the fact path.
  const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
  const encoded = __CLI_CHUNK__ === 'trailer' ? chunkFromOwnFile() : __CLI_CHUNK__;
  const code = brotliDecompressSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const chunkRequire = (id: string): unknown => (id.startsWith(SHARED_PREFIX) ? SHARED_MODULES[id.slice(SHARED_PREFIX.length)] : require(id));
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, chunkRequire, __filename, __dirname);
  return module.exports as Cli;
}
