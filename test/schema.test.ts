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
