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
const validatorPath = path.join(here, 'src/generated/validate.cjs');
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

async function validator() {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  const ajv = new Ajv2020({ code: { source: true, optimize: true }, strict: true, allErrors: false });
  const validate = ajv.compile(schema);
  await mkdir(path.dirname(validatorPath), { recursive: true });
  await writeFile(validatorPath, standaloneCode(ajv, validate));
}

async function bundle() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  await mkdir(path.dirname(bundlePath), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'src/cli/main.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    banner: { js: '#!/usr/bin/env node' },
  });
  await chmod(bundlePath, 0o755);
  return result;
}

const [command, flag] = process.argv.slice(2);
if (command === 'types') {
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
