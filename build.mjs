#!/usr/bin/env node
// Build: `node build.mjs` generates the ajv standalone validator from the schema and bundles the program into
// the single executable file facts.d/virt.fact. `node build.mjs types [--check]` regenerates (or checks) the
// TypeScript types that the schema defines; the schema is the contract, the types follow it.
import { readFile, writeFile, chmod, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.join(here, 'schema/virt-facts.schema.json');
const typesPath = path.join(here, 'src/model/facts.generated.ts');
const validatorPath = path.join(here, 'src/generated/validate.mjs');
const bundlePath = path.join(here, 'facts.d/virt.fact');

async function generateTypes() {
  const { compile } = await import('json-schema-to-typescript');
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return compile(schema, 'VirtFacts', {
    bannerComment: '/* GENERATED from schema/virt-facts.schema.json by `node build.mjs types`. DO NOT EDIT. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 120 },
  });
}

async function types(check) {
  const generated = await generateTypes();
  const current = await readFile(typesPath, 'utf8').catch(() => '');
  if (check) {
    if (current !== generated) {
      console.error('src/model/facts.generated.ts is stale: run `node build.mjs types`');
      process.exitCode = 1;
    }
    return;
  }
  if (current !== generated) await writeFile(typesPath, generated);
}

/**
 * Keywords the schema may use: each means the same in draft 2020-12 (the contract's dialect) and draft-07, which
 * the runtime validator is compiled as (see validator()). `items` must be a single schema, not a draft-07 tuple.
 */
const PORTABLE_KEYWORDS = new Set(['$id', '$ref', '$defs', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'maxLength']);

/** The schema the validator is generated from: the contract without its documentation and `$schema`. */
function runtimeSchema(node, where = '#') {
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'title' || key === 'description' || (key === '$schema' && where === '#')) continue;
    if (!PORTABLE_KEYWORDS.has(key)) throw new Error(`schema ${where}: keyword "${key}" is not known to mean the same in draft-07 and 2020-12`);
    if (key === 'properties' || key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, runtimeSchema(sub, `${where}/${key}/${name}`)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      if (Array.isArray(value)) throw new Error(`schema ${where}/${key}: a tuple means different things in draft-07 and 2020-12`);
      out[key] = typeof value === 'object' ? runtimeSchema(value, `${where}/${key}`) : value;
    } else if (key === 'anyOf') {
      out[key] = value.map((sub, i) => runtimeSchema(sub, `${where}/anyOf/${i}`));
    } else {
      out[key] = value;
    }
  }
  return out;
}

async function validator() {
  const { default: Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const schema = runtimeSchema(JSON.parse(await readFile(schemaPath, 'utf8')));
  // Measured on the fact path (issue 5): compiled as draft-07, the code skips 2020-12's bookkeeping for
  // unevaluated properties and dynamic anchors, which this schema never uses; with inlineRefs off, every $defs
  // entry becomes its own function instead of one 35 KB function, which V8 compiles in well under half the time
  // (cold load + first validation 6.6 -> 3.7 ms here). The schema tests check it against ajv's 2020-12 compile.
  // ESM, so that esbuild hoists it into the bundle's scope instead of wrapping a CommonJS module at start-up.
  const ajv = new Ajv({ code: { source: true, optimize: true, esm: true }, strict: true, allErrors: false, messages: false, inlineRefs: false });
  const validate = ajv.compile(schema);
  await mkdir(path.dirname(validatorPath), { recursive: true });
  // ajv's ESM output still require()s its runtime helper for maxLength (ajv-validator/ajv#2209), which neither
  // Node's ESM nor tsx resolve alike: the helper (string length in code points, as JSON Schema counts) is inlined.
  const codePoints =
    '((s) => { let n = 0; for (let i = 0; i < s.length; i++) { n++; const c = s.charCodeAt(i); ' +
    'if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++; } return n; })';
  const code = standaloneCode(ajv, validate).replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, codePoints);
  if (code.includes('require(')) throw new Error('the generated validator still requires a module');
  await writeFile(validatorPath, compactErrorObjects(withoutSchemaPaths(pruneSchemaConstants(code))));
}

/**
 * Each failure site writes its error as an object literal, `{instancePath:…,keyword:"…",params:{…}}`: ~150 sites
 * whose property names alone are 4 KB of the fact path's bundle. A one-letter function builds the same object.
 */
function compactErrorObjects(code) {
  const head = '{instancePath';
  let out = '';
  let position = 0;
  for (let at = code.indexOf(head); at !== -1; at = code.indexOf(head, position)) {
    const end = endOfObject(code, at);
    const body = code.slice(at + 1, end - 1);
    const keyword = body.indexOf(',keyword:');
    const params = body.indexOf(',params:', keyword);
    // Only error objects: the call options of $ref'd validators ({instancePath:…,parentData:…}) stay as they are.
    if (keyword === -1 || params === -1 || !body.endsWith('}')) {
      out += code.slice(position, at + head.length);
      position = at + head.length;
      continue;
    }
    const path = body.startsWith('instancePath:') ? body.slice('instancePath:'.length, keyword) : 'instancePath';
    out += `${code.slice(position, at)}__E(${path},${body.slice(keyword + ',keyword:'.length, params)},${body.slice(params + ',params:'.length)})`;
    position = end;
  }
  out += code.slice(position);
  if (/\{instancePath[,:][^}]*keyword:/.test(out)) throw new Error('an error object of the generated validator was left in its long form');
  return `const __E = (instancePath, keyword, params) => ({instancePath, keyword, params});${out}`;
}

/** The index just past the object literal that starts at `start` (strings are double-quoted, as ajv writes them). */
function endOfObject(code, start) {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const char = code[i];
    if (char === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i + 1;
  }
  throw new Error(`unterminated object at ${start}`);
}

/**
 * Every byte of the validator is parsed on every run of the fact. ajv's output embeds whole schema objects
 * (`const schema31 = {...}`, the root with all its $defs) where the code only reads a few paths of them (an
 * enum list, the `properties` of an object with more than eight); keep exactly the paths the code reads.
 */
function pruneSchemaConstants(code) {
  const used = new Map();
  for (const match of code.matchAll(/\bschema(\d+)((?:\.[A-Za-z_$][\w$]*)*)(.)/g)) {
    const [, id, dotted, next] = match;
    if (dotted === '' && next === ' ') continue; // the declaration itself
    const paths = used.get(id) ?? used.set(id, []).get(id);
    // A computed member or a bare use needs the whole object.
    paths.push(next === '[' || dotted === '' ? [] : dotted.slice(1).split('.'));
  }
  let out = '';
  let position = 0;
  for (const match of code.matchAll(/const schema(\d+) = /g)) {
    const start = match.index + match[0].length;
    const end = endOfJson(code, start);
    const whole = JSON.parse(code.slice(start, end));
    const paths = used.get(match[1]) ?? [];
    let kept = {};
    if (paths.some((keys) => keys.length === 0)) kept = whole;
    else {
      for (const keys of paths) {
        let from = whole;
        let to = kept;
        for (const key of keys.slice(0, -1)) {
          from = from[key];
          to = to[key] ??= {};
        }
        to[keys[keys.length - 1]] = from[keys[keys.length - 1]];
      }
    }
    out += code.slice(position, start) + JSON.stringify(kept);
    position = end;
  }
  return out + code.slice(position);
}

/** The end of the JSON value starting at `start` (ajv writes schema constants with JSON.stringify). */
function endOfJson(code, start) {
  let depth = 0;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const char = code[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && --depth === 0) return i + 1;
  }
  throw new Error(`unterminated schema constant at ${start}`);
}

/**
 * Each of the validator's ~125 failure sites builds an error object with the failing keyword's schema path
 * ("#/$defs/hypervisor/properties/vendor/maxLength"), 7 KB in all that src/validate.ts never reads (it reports
 * instancePath, keyword and params). ajv has no option to leave it out, so it is taken out here.
 */
function withoutSchemaPaths(code) {
  const stripped = code.replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, '');
  if (stripped.includes('schemaPath')) throw new Error('the generated validator has a schemaPath this build does not recognise');
  return stripped;
}

/** esbuild options both outputs share: one CommonJS file for Node 18+, minified. */
const COMMON = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };

/** Modules the command-line chunk takes from the fact path's bundle: the keys of SHARED_MODULES in src/cli/shared.ts. */
async function sharedModules() {
  const source = await readFile(path.join(here, 'src/cli/shared.ts'), 'utf8');
  const keys = [...source.matchAll(/^\s*'(src\/[^']+\.ts)': \w+,$/gm)].map((match) => match[1]);
  if (keys.length === 0) throw new Error('src/cli/shared.ts lists no shared modules this build recognises');
  return keys;
}

/**
 * The command line (src/cli/args.ts with yargs and the operator commands) as one brotli-compressed CommonJS
 * chunk: the fact path never parses it, and the file stays small. Its imports of the shared modules become
 * `virt-facts-shared:<path>` and are served from the main bundle by src/cli/load-cli.ts.
 */
async function cliChunk(esbuild, define) {
  const { brotliCompressSync, constants } = await import('node:zlib');
  const sharedPaths = await sharedModules();
  const shared = {
    name: 'shared-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
        const relative = path.relative(here, resolved.path).split(path.sep).join('/');
        return sharedPaths.includes(relative) ? { path: `virt-facts-shared:${relative}`, external: true } : undefined;
      });
    },
  };
  const result = await esbuild.build({ ...COMMON, entryPoints: [path.join(here, 'src/cli/args.ts')], write: false, define, plugins: [shared] });
  const code = result.outputFiles[0].contents;
  return brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }).toString('base64');
}

async function bundle() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  const define = { __VERSION__: JSON.stringify(pkg.version) };
  const cli = await cliChunk(esbuild, define);
  await mkdir(path.dirname(bundlePath), { recursive: true });
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: [path.join(here, 'src/cli/main.ts')],
    outfile: bundlePath,
    metafile: true,
    define: { ...define, __CLI_BROTLI_BASE64__: JSON.stringify(cli) },
    // The import of args.ts in load-cli.ts is reached from source only; the bundle carries the chunk.
    plugins: [{ name: 'cli-chunk-only', setup: (b) => b.onResolve({ filter: /\/args\.ts$/ }, (a) => ({ path: a.path, external: true })) }],
    banner: { js: '#!/usr/bin/env node' },
  });
  await chmod(bundlePath, 0o755);
  return result;
}

/**
 * A Node single-executable (SEA) variant for hosts without Node: the same CommonJS bundle injected into a copy
 * of this node binary (doc/api/single-executable-applications.md). Writes dist/virt-facts.
 */
async function sea() {
  const { execFileSync } = await import('node:child_process');
  const { copyFile, rm } = await import('node:fs/promises');
  const dist = path.join(here, 'dist');
  await mkdir(dist, { recursive: true });
  const config = path.join(dist, 'sea-config.json');
  const blob = path.join(dist, 'sea-prep.blob');
  const output = path.join(dist, 'virt-facts');
  // No warning on stderr (Facter logs any stderr); no code cache, so the blob stays valid for this binary only anyway.
  await writeFile(config, JSON.stringify({ main: bundlePath, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });
  await rm(output, { force: true });
  await copyFile(process.execPath, output);
  await chmod(output, 0o755);
  execFileSync(process.execPath, [path.join(here, 'node_modules/postject/dist/cli.js'), output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await rm(blob);
  await rm(config);
  console.error(`dist/virt-facts: single executable (Node ${process.version})`);
}

const [command, flag] = process.argv.slice(2);
if (command === 'sea') {
  await sea();
} else if (command === 'types') {
  await types(flag === '--check');
} else if (command === undefined) {
  await types(true);
  if (process.exitCode) process.exit(process.exitCode);
  await validator();
  const result = await bundle();
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  console.error(`facts.d/virt.fact: ${bytes} bytes`);
} else {
  console.error(`usage: node build.mjs [types [--check]]`);
  process.exitCode = 2;
}
