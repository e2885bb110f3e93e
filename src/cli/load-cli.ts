/**
 * Loads the command line. In the bundle it is a brotli-compressed CommonJS chunk (build.mjs) holding args.ts,
 * the operator commands and yargs: the fact path (no arguments) never parses or compiles it, Node only scans
 * a string literal. From source (tests) it is imported as usual.
 */
import { SHARED_MODULES } from './shared.ts';

declare const __CLI_BROTLI_BASE64__: string | undefined;
declare const require: NodeJS.Require;

type Cli = typeof import('./args.ts');

/** The prefix build.mjs gives the chunk's imports of shared modules. */
const SHARED_PREFIX = 'virt-facts-shared:';

export async function loadCli(): Promise<Cli> {
  if (typeof __CLI_BROTLI_BASE64__ !== 'string') return import('./args.ts');
  // node:zlib costs ~10 ms to load (it pulls in streams): required here, never on the fact path.
  const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
  const code = brotliDecompressSync(Buffer.from(__CLI_BROTLI_BASE64__, 'base64')).toString('utf8');
  const chunkRequire = (id: string): unknown => (id.startsWith(SHARED_PREFIX) ? SHARED_MODULES[id.slice(SHARED_PREFIX.length)] : require(id));
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, chunkRequire, __filename, __dirname);
  return module.exports as Cli;
}
