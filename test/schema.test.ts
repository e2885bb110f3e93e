/** The contract: generated types and validator follow the schema, and the schema rejects what it should. */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { fallbackFacts, validate } from '../src/validate.ts';
import { HOSTS_DIR, hostNames } from './helpers/fixture-root.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'schema/virt-facts.schema.json'), 'utf8'));
const goldens = () => hostNames().map((name) => JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, name, 'expected.json'), 'utf8')));

describe('schema', () => {
  it('generated TypeScript types are up to date with the schema (node build.mjs types --check)', function () {
    this.timeout(60000);
    execFileSync(process.execPath, [path.join(repo, 'build.mjs'), 'types', '--check'], { stdio: 'pipe' });
  });

  it('compiles in ajv strict mode, and the standalone validator agrees with it on every golden', () => {
    const Ajv = Ajv2020 as unknown as typeof Ajv2020.default;
    const compiled = new Ajv({ strict: true }).compile(schema);
    const all = goldens();
    ok(all.length > 0);
    for (const golden of all) {
      equal(compiled(golden), true);
      deepStrictEqual(validate(golden), { ok: true });
    }
  });

  it('the standalone validator (pruned at build time) agrees with ajv on every one-point mutation of every golden', () => {
    const Ajv = Ajv2020 as unknown as typeof Ajv2020.default;
    const compiled = new Ajv({ strict: true }).compile(schema);
    // Strings of surrogate pairs are longer in UTF-16 units than in code points, which maxLength counts.
    const replacements: unknown[] = [null, 0, 1.5, true, 'x', 'x'.repeat(500), '\u{1F600}'.repeat(30), '\u{1F600}'.repeat(250), 'none', 'unknown', [], {}, ['x'], { extra: 1 }];
    let rejected = 0;
    let checked = 0;
    const check = (doc: unknown, what: string) => {
      const expected = compiled(doc);
      equal(validate(doc).ok, expected, what);
      checked++;
      if (!expected) rejected++;
    };
    for (const golden of goldens()) {
      // Every path of the document, objects and arrays included.
      const paths: (string | number)[][] = [];
      const walk = (value: unknown, at: (string | number)[]) => {
        paths.push(at);
        if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
        else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
      };
      walk(golden, []);
      for (const at of paths.slice(1)) {
        const parentPath = at.slice(0, -1);
        const last = at[at.length - 1] as string | number;
        const mutated = (change: (parent: Record<string | number, unknown>) => void) => {
          const doc = structuredClone(golden);
          change(parentPath.reduce((node: Record<string | number, unknown>, key) => node[key] as Record<string | number, unknown>, doc));
          return doc;
        };
        check(mutated((parent) => delete parent[last]), `delete ${at.join('/')}`);
        for (const value of replacements) check(mutated((parent) => (parent[last] = value)), `${at.join('/')} = ${JSON.stringify(value)}`);
        check(mutated((parent) => (parent.unexpected_key = 1)), `extra key beside ${at.join('/')}`);
      }
    }
    ok(checked > 10000 && rejected > checked / 2, `${checked} mutations, ${rejected} rejected`);
  });

  it('the fallback document printed when validation fails is itself valid', () => {
    deepStrictEqual(validate(fallbackFacts('1.2.3', 'validate', '/vm', 'EINVALID')), { ok: true });
  });

  const base = () => fallbackFacts('1.2.3', 'x', '/', 'E');
  const negatives: [string, (d: Record<string, unknown>) => void, string][] = [
    ['a missing key', (d) => delete d.vm, ''],
    ['an id outside the vocabulary', (d) => (d.vm = 'VirtualPC'), '/vm'],
    ['an unknown key', (d) => (d.extra = 1), ''],
    ['a Xen guest type that does not exist', (d) => (d.xen = { domain: 'domU', guest_type: 'PVHVM', pv_drivers: true, platform_pci: 'bound', features: [] }), '/xen'],
    ['an over-long evidence value', (d) => (d.evidence = [{ probe: 'dmi', path: '/x', value: 'x'.repeat(300), supports: '' }]), '/evidence/0/value'],
  ];
  for (const [name, mutate, where] of negatives) {
    it(`rejects ${name}`, () => {
      const doc = base() as unknown as Record<string, unknown>;
      mutate(doc);
      const result = validate(doc);
      equal(result.ok, false);
      if (!result.ok && where !== '') ok(result.where.startsWith(where), `${result.where} starts with ${where}`);
    });
  }
});
