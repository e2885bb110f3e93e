#!/usr/bin/env node
// Build: `node build.mjs` generates the ajv standalone validator from the schema and bundles the program into
// the single executable file facts.d/virt.fact. `node build.mjs types [--check]` regenerates (or checks) the
// TypeScript types that the schema defines; the schema is the contract, the types follow it.
import { createRequire } from 'node:module';
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
  // Each pass rewrites one construct of ajv's output into a shorter one that means the same; most throw when the
  // output no longer has the form they know (a changed ajv). The schema tests compare the result with ajv's compile.
  const passes = [withoutSchemaPaths, withoutUnusedContext, compactEnumChains, compactRequiredChains, compactErrorObjects, compactFailures, inlineFailureSchemaReads, pruneSchemaConstants, maxLengthByLengthFirst];
  await writeFile(validatorPath, passes.reduce((source, pass) => pass(source), code));
}

/**
 * A chain of nested ORs, the form ajv writes for `enum` and `required`: `(`×(n-1), the first term, then n-1 times
 * ` || ` term `)`. `term` matches one term; `replace` gets every term's match and returns what to write instead of
 * the whole chain. Parentheses the match took beyond the chain's own are kept. `single`: a lone term is a chain.
 */
function replaceChains(code, term, replace, what, single = false) {
  const chain = new RegExp(`(\\(*)${term.source}((?: \\|\\| ${term.source}\\))${single ? '*' : '+'})`, 'g');
  let count = 0;
  const out = code.replace(chain, (whole, opening) => {
    const terms = [...whole.slice(opening.length).matchAll(new RegExp(term.source, 'g'))];
    const own = terms.length - 1;
    const replacement = opening.length < own ? undefined : replace(terms);
    if (replacement === undefined) return whole;
    count++;
    return opening.slice(own) + replacement;
  });
  if (count === 0) throw new Error(`the generated validator holds no ${what} chain this build recognises`);
  return out;
}

/**
 * `enum`: ajv compares the value with each member in turn, `((((x === "a") || (x === "b")) || …)`, 14 lists and
 * 1.8 KB of the fact path. The same test as one array and `includes` (strict equality on strings, as ===).
 */
function compactEnumChains(code) {
  const term = /\((data\w*) === ("(?:[^"\\]|\\.)*")\)/;
  return replaceChains(
    code,
    term,
    (terms) => (terms.every((t) => t[1] === terms[0][1]) ? `[${terms.map((t) => t[2]).join(',')}].includes(${terms[0][1]})` : undefined),
    'enum',
  );
}

/**
 * `required`: ajv tests each property and notes the first missing one, `(((d.a === undefined) && (missing0 =
 * "a")) || …)`, 4.5 KB over 32 objects. The same first missing property, found in a list.
 */
function compactRequiredChains(code) {
  const term = /\(\((data\w*)\.([A-Za-z_$][\w$]*) === undefined\) && \((missing\d+) = "([A-Za-z_$][\w$]*)"\)\)/;
  const out = replaceChains(
    code,
    term,
    (terms) => {
      const [, object, , variable] = terms[0];
      if (terms.some((t) => t[1] !== object || t[3] !== variable || t[2] !== t[4])) return undefined;
      return `((${variable} = [${terms.map((t) => `"${t[2]}"`).join(',')}].find((k) => ${object}[k] === undefined)) !== undefined)`;
    },
    'required',
    true,
  );
  if (/ === undefined\) && \(missing\d+ = /.test(out)) throw new Error('a required-property test of the generated validator was left in its long form');
  return out;
}

/**
 * ajv passes every $ref'd validator the data's parent and the root (for $data references and dynamic anchors,
 * which this schema does not use): each of the ~17 signatures and calls spells them out. Only instancePath is read.
 */
function withoutUnusedContext(code) {
  const out = code
    .replace(/\{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}/g, '{instancePath=""}={}')
    .replace(/\{instancePath:([^{}]*?),parentData:[^{}]*?,parentDataProperty:[^{}]*?,rootData\}/g, '{instancePath:$1}');
  if (/parentData|rootData/.test(out)) throw new Error('the generated validator reads parentData or rootData, or passes them in a form this build does not recognise');
  return out;
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
    const end = endOfBracketed(code, at);
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

/**
 * Each of ~150 failure sites ends its validator the same way, `validate21.errors = [__E(…)];return false;`: one
 * function does it, a few hundred bytes of the fact path fewer.
 */
function compactFailures(code) {
  const site = /(validate\d+)\.errors = \[__E\(/g;
  let out = '';
  let position = 0;
  for (const match of code.matchAll(site)) {
    if (match.index < position) continue;
    const argsStart = match.index + match[0].length;
    const argsEnd = endOfBracketed(code, argsStart - 1) - 1;
    const tail = '];return false;';
    if (!code.startsWith(tail, argsEnd + 1)) continue;
    out += `${code.slice(position, match.index)}return __F(${match[1]},${code.slice(argsStart, argsEnd)});`;
    position = argsEnd + 1 + tail.length;
  }
  out += code.slice(position);
  if (/\.errors = \[__E\(/.test(out)) throw new Error('a failure site of the generated validator was left in its long form');
  return `const __F = (validate, instancePath, keyword, params) => ((validate.errors = [__E(instancePath, keyword, params)]), false);${out}`;
}

/**
 * Most schema constants are read only by failure sites, for the error's params (an enum's members, a type's name),
 * yet are built when the program starts, object literals of objects. A read inside a failure site becomes the value
 * itself, written there and made only when that site fails; pruneSchemaConstants then drops what nothing reads.
 */
function inlineFailureSchemaReads(code) {
  const constants = new Map();
  for (const match of code.matchAll(/const schema(\d+) = /g)) {
    const start = match.index + match[0].length;
    constants.set(match[1], JSON.parse(code.slice(start, endOfBracketed(code, start))));
  }
  let out = '';
  let position = 0;
  let inlined = 0;
  for (const match of code.matchAll(/return __F\(/g)) {
    const argsEnd = endOfBracketed(code, match.index + match[0].length - 1);
    const site = code.slice(match.index, argsEnd).replace(/\bschema(\d+)((?:\.[A-Za-z_$][\w$]*)+)(?![\w$.[])/g, (read, id, dotted) => {
      const constant = constants.get(id);
      if (constant === undefined) throw new Error(`a failure site reads schema${id}, which the generated validator does not declare`);
      const value = dotted.slice(1).split('.').reduce((node, key) => node?.[key], constant);
      if (value === undefined) throw new Error(`a failure site reads ${read}, which schema${id} does not hold`);
      inlined++;
      return JSON.stringify(value);
    });
    out += code.slice(position, match.index) + site;
    position = argsEnd;
  }
  if (inlined === 0) throw new Error('no failure site of the generated validator reads a schema constant in a form this build recognises');
  return out + code.slice(position);
}

/**
 * `maxLength` counts code points (func3 walks the string, a surrogate pair as one), and a string has no more code
 * points than UTF-16 units: one no longer than the limit in units is within it, and only a longer one needs the
 * walk. Every string of the document went through it, character by character, interpreted.
 */
function maxLengthByLengthFirst(code) {
  let count = 0;
  const out = code.replace(/\bfunc3\((data\d+)\) > (\d+)/g, (whole, data, limit) => {
    count++;
    return `(${data}.length > ${limit} && func3(${data}) > ${limit})`;
  });
  if (count === 0 || (out.match(/\bfunc3\(/g) ?? []).length !== count) throw new Error('the generated validator counts code points in a form this build does not recognise');
  return out;
}

/**
 * The index just past the bracket that closes the one at `start` (`(`, `[` or `{`): an object literal, a call's
 * arguments, a schema constant. Strings are double-quoted, as ajv and JSON.stringify write them.
 */
function endOfBracketed(code, start) {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const char = code[i];
    if (char === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if ((char === ')' || char === ']' || char === '}') && --depth === 0) return i + 1;
  }
  throw new Error(`nothing closes the bracket at ${start}`);
}

/**
 * Every byte of the validator is parsed on every run of the fact, and every schema constant built when it starts.
 * ajv's output embeds whole schema objects (`const schema31 = {...}`, the root with all its $defs) where the code only
 * reads a few paths of them (the `properties` of an object with more than eight): keep exactly the paths the code
 * reads, drop a constant nothing reads (after inlineFailureSchemaReads, most), and keep only the keys (each with the
 * value 0) of `properties` that the code only looks keys up in (`hasOwnProperty.call(schemaN.properties, key)`).
 */
function pruneSchemaConstants(code) {
  const hasOwn = /const (func\d+) = Object\.prototype\.hasOwnProperty;/.exec(code)?.[1];
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
    const [, id] = match;
    const start = match.index + match[0].length;
    const end = endOfBracketed(code, start);
    if (code[end] !== ';') throw new Error(`schema${id} is declared in a form this build does not recognise`);
    const whole = JSON.parse(code.slice(start, end));
    const paths = used.get(id) ?? [];
    const lookups = hasOwn === undefined ? 0 : code.split(`${hasOwn}.call(schema${id}.properties, `).length - 1;
    let kept = {};
    if (paths.length === 0) {
      // Nothing reads it: the declaration goes.
      out += code.slice(position, match.index);
      position = end + 1;
      continue;
    } else if (paths.some((keys) => keys.length === 0)) {
      kept = whole;
    } else if (lookups === paths.length && paths.every((keys) => keys.join('.') === 'properties')) {
      kept = { properties: Object.fromEntries(Object.keys(whole.properties).map((key) => [key, 0])) };
    } else {
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

/**
 * The oldest Node.js the program runs on, from package.json's engines (`>=12`): Debian 11 and Ubuntu 22.04 ship
 * Node 12 as their nodejs package. The bundles are compiled for it and the launcher refuses anything older.
 */
async function minimumNodeMajor() {
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  const match = /^>=(\d+)$/.exec(pkg.engines?.node ?? '');
  if (!match) throw new Error('package.json engines.node must read ">=N"');
  return Number(match[1]);
}

/** esbuild options every output shares: one minified CommonJS file for the oldest supported Node. */
const common = async () => ({ bundle: true, platform: 'node', target: `node${await minimumNodeMajor()}`, format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' });

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
  const cliuiDir = path.dirname(createRequire(import.meta.url).resolve('cliui'));
  const helpLayout = {
    name: 'help-layout',
    setup(build) {
      // yargs' `cliui` is src/cli/help-layout.mjs, which takes cliui's layout from its build (not exported).
      build.onResolve({ filter: /^cliui$/ }, () => ({ path: path.join(here, 'src/cli/help-layout.mjs') }));
      build.onResolve({ filter: /^cliui\/build\/lib\// }, (args) => ({ path: path.join(cliuiDir, args.path.slice('cliui/build/'.length)) }));
    },
  };
  const result = await esbuild.build({ ...(await common()), entryPoints: [path.join(here, 'src/cli/args.ts')], write: false, define, plugins: [shared, helpLayout] });
  const code = result.outputFiles[0].contents;
  return brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } });
}

/**
 * The compressed chunk as it sits in the trailer comment: its own bytes, with the comment's end made impossible by
 * escaping every '*' (0x2a) as 01 02 and the escape byte 01 as 01 01 (src/cli/load-cli.ts undoes it). A comment may
 * hold any byte but the sequence '*' '/', and Node, reading the whole file as UTF-8 when it is run as
 * `node virt.fact`, only ever sees replacement characters there; base64 made the chunk a third larger.
 */
function stuffed(bytes) {
  const out = [];
  for (const byte of bytes) {
    if (byte === 0x01) out.push(0x01, 0x01);
    else if (byte === 0x2a) out.push(0x01, 0x02);
    else out.push(byte);
  }
  return Buffer.from(out);
}

/**
 * The program: src/cli/main.ts bundled into one CommonJS script. `cli` says where the command-line chunk is: in
 * the script as a string (the single executable), or `'trailer'`, after the script in the same file.
 */
async function program(esbuild, define, cli) {
  const result = await esbuild.build({
    ...(await common()),
    entryPoints: [path.join(here, 'src/cli/main.ts')],
    write: false,
    define: { ...define, __CLI_CHUNK__: JSON.stringify(cli) },
    // The import of args.ts in load-cli.ts is reached from source only; the bundle carries the chunk.
    plugins: [{ name: 'cli-chunk-only', setup: (b) => b.onResolve({ filter: /\/args\.ts$/ }, (a) => ({ path: a.path, external: true })) }],
  });
  return result.outputFiles[0].text;
}

/** After the program's range: what runs it when Node runs the file itself (`node virt.fact`), without the launcher. */
const PROGRAM_CALL = '(require, module, exports, __filename, __dirname);\n';

/** Where the command-line chunk starts after the program (src/cli/load-cli.ts looks for the same marker). */
const CLI_TRAILER_MARKER = '/*virt-facts-cli ';

/** Numbers boot.js receives once the file is laid out: placeholders of the width the real values are printed in. */
const PROGRAM_START = 9999991;
const PROGRAM_LENGTH = 9999992;

/**
 * Where `virt-facts cache` keeps compiled code and fact runs look for it (src/host/code-cache.ts): a cache in the
 * FHS sense, which the package removes and anyone may delete.
 */
const CODE_CACHE_DIR = '/var/cache/virt-facts';

/**
 * src/launcher/boot.js, minified into one line that the shell can hold in single quotes. `programHash` names the
 * program's code cache: a cache made for another build is never even read.
 */
async function launcherBoot(esbuild, minimum, programHash) {
  const source = await readFile(path.join(here, 'src/launcher/boot.js'), 'utf8');
  const define = {
    MINIMUM_NODE_MAJOR: String(minimum),
    PROGRAM_START: String(PROGRAM_START),
    PROGRAM_LENGTH: String(PROGRAM_LENGTH),
    PROGRAM_HASH: JSON.stringify(programHash),
    CACHE_DIR: JSON.stringify(CODE_CACHE_DIR),
  };
  const { code } = await esbuild.transform(source, { minify: true, target: 'es5', define, legalComments: 'none' });
  const boot = code.trim();
  for (const forbidden of ["'", '*/', '\n']) {
    if (boot.includes(forbidden)) throw new Error(`src/launcher/boot.js minified holds ${JSON.stringify(forbidden)}, which the launcher cannot carry`);
  }
  return boot;
}

/**
 * src/launcher/documents.ts and src/launcher/node-flags.ts, run at build time: the fallback document in each format the
 * launcher prints, and the flag sets it looks for records of, each as one word (flagWord).
 */
async function launcherDocuments(esbuild, define) {
  const result = await esbuild.build({
    ...(await common()),
    stdin: { contents: "export { runtimeFallbackDocuments } from './src/launcher/documents.ts';\nexport { RECORDED_NODE_FLAGS, flagWord } from './src/launcher/node-flags.ts';", resolveDir: here, loader: 'ts' },
    write: false,
    minify: false,
    define,
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, () => {
    throw new Error('the fallback documents need no module');
  });
  const flagWords = [...new Set(Object.values(module.exports.RECORDED_NODE_FLAGS).map(module.exports.flagWord))];
  // The launcher writes them unquoted, and splits them at their commas only.
  for (const word of flagWords) if (!/^--[a-z0-9-]+(=[a-z0-9]+)?(,--[a-z0-9-]+(=[a-z0-9]+)?)*$/.test(word)) throw new Error(`the flag set ${word} is not one the launcher can hold unquoted`);
  return { documents: module.exports.runtimeFallbackDocuments(JSON.parse(define.__VERSION__)), flagWords };
}

/**
 * The launcher without the comments that explain its code and without its indentation (both stay in
 * src/launcher/launcher.sh): only the first block, which says what the file is, travels to every host as written.
 * The template holds no multi-line quoted string (the documents, whose lines are data, are filled in afterwards).
 */
function withoutComments(template) {
  const header = template.indexOf('\n\n') + 2;
  const code = template.slice(header).split('\n').filter((line) => !/^\s*#/.test(line));
  return template.slice(0, header) + code.map((line) => line.trimStart()).join('\n');
}

const shellQuoted = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * facts.d/virt.fact: the launcher (a POSIX shell part that JavaScript reads as a string and a comment), the
 * program, and the compressed command line in a comment after it. The launcher runs only the program's byte range
 * (boot.js), so a fact run reads and parses neither the shell part nor the command line.
 */
async function bundle() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  const minimum = await minimumNodeMajor();
  const define = { __VERSION__: JSON.stringify(pkg.version), __MINIMUM_NODE_MAJOR__: String(minimum) };
  const cli = await cliChunk(esbuild, define);
  const bundled = await program(esbuild, define, 'trailer');
  if (/[^\x00-\x7f]/.test(bundled)) throw new Error('the program must be ASCII: boot.js decodes its bytes as latin1');
  // The byte range boot.js compiles is a function of the module's variables (and the launcher's view, the sixth), as
  // it lies in the file: no copy of the source to wrap on every run. Node, running the file itself, calls it just
  // after (PROGRAM_CALL); the `;` keeps the shell part's ':' string from calling it.
  const code = `;(function (require, module, exports, __filename, __dirname, virtFactsLauncher) {${bundled}\n})`;
  const { documents, flagWords } = await launcherDocuments(esbuild, define);
  const cases = Object.entries(documents).map(([format, text]) => `  ${format}) vf_text=${shellQuoted(text)} ;;`).join('\n');
  const template = withoutComments(await readFile(path.join(here, 'src/launcher/launcher.sh'), 'utf8'));
  const fill = (boot) =>
    template
      .replace('@VERSION@', () => pkg.version)
      .replace(/@MINIMUM_NODE_MAJOR@/g, () => String(minimum))
      .replace('@BOOT@', () => boot)
      .replace('@CACHE_DIR@', () => CODE_CACHE_DIR)
      .replace('@FLAG_WORDS@', () => flagWords.join(' '))
      .replace('@FORMATS@', () => Object.keys(documents).join('|'))
      .replace('@DOCUMENTS@', () => cases);
  const { createHash } = await import('node:crypto');
  const boot = await launcherBoot(esbuild, minimum, createHash('sha256').update(code).digest('hex').slice(0, 16));
  const width = String(PROGRAM_START).length;
  const launcher = fill(boot);
  const start = Buffer.byteLength(launcher);
  const length = Buffer.byteLength(code);
  if (String(start + length).length > width) throw new Error('the program outgrew the launcher placeholders');
  const placed = fill(boot.replaceAll(String(PROGRAM_START), String(start).padStart(width)).replaceAll(String(PROGRAM_LENGTH), String(length).padStart(width)));
  if (Buffer.byteLength(placed) !== start) throw new Error('the launcher changed length when its numbers were filled in');
  if (placed.slice(placed.indexOf('/*') + 2, -3).includes('*/')) throw new Error('the launcher holds "*/", which would end its JavaScript comment early');
  await mkdir(path.dirname(bundlePath), { recursive: true });
  const trailer = stuffed(cli);
  await writeFile(bundlePath, Buffer.concat([Buffer.from(`${placed}${code}${PROGRAM_CALL}${CLI_TRAILER_MARKER}`), trailer, Buffer.from(' */\n')]));
  await chmod(bundlePath, 0o755);
  return { total: start + length + PROGRAM_CALL.length + CLI_TRAILER_MARKER.length + trailer.length + 4, program: length };
}

/**
 * bin/node of Node.js `version` for `arch` (x64, arm64) from the npm registry's node-linux-<arch> packages, fetched
 * once with `npm pack` into .cache/nodes/ (only bin/node is kept). The tests fetch their Node versions through it
 * too (`node build.mjs node-binary VERSION [ARCH]` prints the path).
 */
async function nodeBinary(version, arch = 'x64') {
  const { execFileSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const { rename, rm } = await import('node:fs/promises');
  const dir = path.join(here, '.cache', 'nodes', arch === 'x64' ? `node-${version}` : `node-${version}-${arch}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    const tarball = execFileSync('npm', ['pack', `node-linux-${arch}@${version}`, '--silent', '--pack-destination', partial], { encoding: 'utf8', timeout: 600000 }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', path.join(partial, tarball), '-C', partial, 'package/bin/node']);
    await rm(path.join(partial, tarball));
    // Another build or test may have finished the same download meanwhile: either copy is the same release.
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return binary;
}

/** The Node.js release the single executables are built from: the newest LTS line (supported until 2028). */
const SEA_NODE_VERSION = '24.22.3';
/** The architectures a single executable is built for: Ansible's name for each, and Node's. */
const SEA_ARCHITECTURES = { x86_64: 'x64', aarch64: 'arm64' };

/**
 * Node single executables (doc/api/single-executable-applications.md) for hosts without a suitable Node: the
 * program injected into a copy of a node binary. Without arguments, into this very node (dist/virt-facts); with
 * architectures (x86_64, aarch64), into the npm registry's Node SEA_NODE_VERSION for each
 * (dist/single-executable/virt-facts-linux-<arch>), which is what the Ansible collection installs.
 */
async function sea(architectures = []) {
  const { execFileSync } = await import('node:child_process');
  const { copyFile, rm } = await import('node:fs/promises');
  const dist = path.join(here, 'dist');
  await mkdir(dist, { recursive: true });
  // The executable cannot read a trailer from its own file: its program carries the command line inside.
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  const define = { __VERSION__: JSON.stringify(pkg.version), __MINIMUM_NODE_MAJOR__: String(await minimumNodeMajor()) };
  const main = path.join(dist, 'virt-facts.sea.cjs');
  await writeFile(main, await program(esbuild, define, (await cliChunk(esbuild, define)).toString('base64')));
  const targets = [];
  if (architectures.length === 0) targets.push({ node: process.execPath, blobNode: process.execPath, output: path.join(dist, 'virt-facts') });
  for (const arch of architectures) {
    if (!(arch in SEA_ARCHITECTURES)) throw new Error(`no single executable for ${arch}: ${Object.keys(SEA_ARCHITECTURES).join(', ')}`);
    // The blob is the script and its settings, the same for every architecture, but it must come from the very
    // Node release it is injected into: this machine's build of that release writes it.
    const hostArch = process.arch === 'arm64' ? 'arm64' : 'x64';
    await mkdir(path.join(dist, 'single-executable'), { recursive: true });
    targets.push({
      node: await nodeBinary(SEA_NODE_VERSION, SEA_ARCHITECTURES[arch]),
      blobNode: await nodeBinary(SEA_NODE_VERSION, hostArch),
      output: path.join(dist, 'single-executable', `virt-facts-linux-${arch}`),
    });
  }
  const config = path.join(dist, 'sea-config.json');
  const blob = path.join(dist, 'sea-prep.blob');
  // No warning on stderr (Facter logs any stderr); no code cache, so the blob is the same for every architecture.
  await writeFile(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
  for (const { node, blobNode, output } of targets) {
    execFileSync(blobNode, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    await rm(output, { force: true });
    await copyFile(node, output);
    await chmod(output, 0o755);
    execFileSync(process.execPath, [path.join(here, 'node_modules/postject/dist/cli.js'), output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'ignore'] });
    await rm(blob);
    console.error(`${path.relative(here, output)}: single executable (Node ${node === process.execPath ? process.version : `v${SEA_NODE_VERSION}`})`);
  }
  await rm(config);
  await rm(main);
}

/**
 * The Ansible collection virtfacts.virt_facts (collection/): staged with the built fact and the single
 * executables for x86_64 and aarch64 in the role's files, its version set from package.json, and built with
 * `ansible-galaxy collection build` into dist/virtfacts-virt_facts-<version>.tar.gz.
 */
async function collection() {
  const { execFileSync } = await import('node:child_process');
  const { cp, copyFile, rm } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  await sea(Object.keys(SEA_ARCHITECTURES));
  const stage = path.join(here, 'dist', 'collection');
  await rm(stage, { recursive: true, force: true });
  await cp(path.join(here, 'collection'), stage, { recursive: true });
  const galaxy = await readFile(path.join(stage, 'galaxy.yml'), 'utf8');
  if (!/^version: .*$/m.test(galaxy)) throw new Error('collection/galaxy.yml has no version line');
  await writeFile(path.join(stage, 'galaxy.yml'), galaxy.replace(/^version: .*$/m, `version: ${pkg.version}`));
  const files = path.join(stage, 'roles', 'install', 'files');
  await mkdir(path.join(files, 'single-executable'), { recursive: true });
  await copyFile(bundlePath, path.join(files, 'virt.fact'));
  await chmod(path.join(files, 'virt.fact'), 0o755);
  for (const arch of Object.keys(SEA_ARCHITECTURES)) {
    await copyFile(path.join(here, 'dist', 'single-executable', `virt-facts-linux-${arch}`), path.join(files, 'single-executable', `virt-facts-linux-${arch}`));
  }
  execFileSync('ansible-galaxy', ['collection', 'build', stage, '--output-path', path.join(here, 'dist'), '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await rm(stage, { recursive: true });
  console.error(`dist/virtfacts-virt_facts-${pkg.version}.tar.gz`);
}

/** Where the Debian package puts the fact for each consumer: links to /usr/bin/virt-facts (consumers.md). */
const DEB_FACT_LINKS = ['etc/ansible/facts.d/virt.fact', 'etc/facter/facts.d/virt_facts'];
/** Where Debian's nodejs puts the binary (and its older name): a new one there makes the code cache stale. */
const DEB_NODE_BINARIES = ['/usr/bin/node', '/usr/bin/nodejs'];

/**
 * dist/virt-facts_<version>_all.deb, built with dpkg-deb from a staged tree: /usr/bin/virt-facts (the same file as
 * facts.d/virt.fact, which needs Node.js 12: Debian's nodejs from Debian 11 on), and links to it where Ansible
 * (/etc/ansible/facts.d, the setup module's default) and Debian's Facter (/etc/facter/facts.d) run local facts.
 * The links are package files, not configuration: removing the package removes them and every directory it made.
 */
async function deb() {
  const { execFileSync } = await import('node:child_process');
  const { copyFile, rm, symlink } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  // Debian sorts a pre-release (npm's 1.0.0-rc.1) before its release only when it is written 1.0.0~rc.1.
  const version = pkg.version.replace('-', '~');
  const stage = path.join(here, 'dist', 'deb');
  await rm(stage, { recursive: true, force: true });
  await mkdir(path.join(stage, 'DEBIAN'), { recursive: true });
  await mkdir(path.join(stage, 'usr/bin'), { recursive: true });
  await copyFile(bundlePath, path.join(stage, 'usr/bin/virt-facts'));
  await chmod(path.join(stage, 'usr/bin/virt-facts'), 0o755);
  for (const link of DEB_FACT_LINKS) {
    await mkdir(path.join(stage, path.dirname(link)), { recursive: true });
    await symlink('/usr/bin/virt-facts', path.join(stage, link));
  }
  const doc = path.join(stage, 'usr/share/doc/virt-facts');
  await mkdir(doc, { recursive: true });
  await writeFile(path.join(doc, 'copyright'), `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: virt-facts\n\nFiles: *\nCopyright: the virt-facts authors\nLicense: ${pkg.license}\n`);
  const minimum = await minimumNodeMajor();
  const control = [
    'Package: virt-facts',
    `Version: ${version}`,
    'Section: admin',
    'Priority: optional',
    'Architecture: all',
    `Depends: nodejs (>= ${minimum})`,
    'Maintainer: virt-facts <virt-facts@users.noreply.invalid>',
    `Description: ${pkg.description.split(':')[0]}`,
    ' Ansible local fact, Facter external fact, Salt grains and Prometheus textfile about what',
    ' kind of machine this is: hypervisor, Xen PV/HVM/PVH, containers, paravirtual drivers in use,',
    ' cloud. It reads files only (sysfs, procfs, the CPUID device) and prints one document. The',
    ' package installs /usr/bin/virt-facts and links it into /etc/ansible/facts.d and',
    ' /etc/facter/facts.d, so the next fact gathering carries it.',
    '',
  ].join('\n');
  await writeFile(path.join(stage, 'DEBIAN/control'), control);
  // The code cache (src/host/code-cache.ts) for the nodejs this package depends on: written at configure time, as
  // Debian byte-compiles Python modules, again whenever a package changes the Node.js binary (a file trigger:
  // dpkg runs `postinst triggered`), and removed with the package. A failure costs speed, never the install.
  await writeFile(
    path.join(stage, 'DEBIAN/postinst'),
    `#!/bin/sh\nset -e\nif [ "$1" = configure ] || [ "$1" = triggered ]; then\n  /usr/bin/virt-facts cache || true\nfi\n`,
    { mode: 0o755 },
  );
  await writeFile(path.join(stage, 'DEBIAN/triggers'), DEB_NODE_BINARIES.map((binary) => `interest-noawait ${binary}\n`).join(''));
  await writeFile(path.join(stage, 'DEBIAN/postrm'), `#!/bin/sh\nset -e\nif [ "$1" = remove ] || [ "$1" = purge ]; then\n  rm -rf ${CODE_CACHE_DIR}\nfi\n`, { mode: 0o755 });
  // Modes as Debian wants them whatever the builder's umask: directories 0755, files as written above.
  const { readdir } = await import('node:fs/promises');
  for (const entry of await readdir(stage, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) await chmod(path.join(entry.parentPath ?? entry.path, entry.name), 0o755);
  }
  await chmod(stage, 0o755);
  await chmod(path.join(doc, 'copyright'), 0o644);
  for (const script of ['postinst', 'postrm']) await chmod(path.join(stage, 'DEBIAN', script), 0o755);
  await chmod(path.join(stage, 'DEBIAN', 'triggers'), 0o644);
  const output = path.join(here, 'dist', `virt-facts_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', stage, output], { stdio: ['ignore', 'ignore', 'inherit'] });
  await rm(stage, { recursive: true });
  console.error(`${path.relative(here, output)}: Depends: nodejs (>= ${minimum})`);
}

const [command, flag, ...rest] = process.argv.slice(2);
if (command === 'sea') {
  await sea([flag, ...rest].filter((arch) => arch !== undefined));
} else if (command === 'deb') {
  await deb();
} else if (command === 'collection') {
  await collection();
} else if (command === 'node-binary' && flag !== undefined) {
  console.log(await nodeBinary(flag, rest[0]));
} else if (command === 'types') {
  await types(flag === '--check');
} else if (command === undefined) {
  await types(true);
  if (process.exitCode) process.exit(process.exitCode);
  await validator();
  const { total, program } = await bundle();
  console.error(`facts.d/virt.fact: ${total} bytes, of which a fact run reads ${program} (the program)`);
} else {
  console.error(`usage: node build.mjs [types [--check] | sea [x86_64] [aarch64] | deb | collection | node-binary VERSION [x64|arm64]]`);
  process.exitCode = 2;
}
