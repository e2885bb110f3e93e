/**
 * Every fixture host, through the whole pipeline: the facts equal the reviewed golden, validate against the
 * schema, and the host documents where its files come from.
 */
import { deepStrictEqual, ok } from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from '../src/validate.ts';
import { factsOf } from './helpers/facts.ts';
import { hostNames, materialiseFixture } from './helpers/fixture-root.ts';

describe('fixture hosts', () => {
  for (const name of hostNames()) {
    describe(name, () => {
      it('produces its golden expected.json (regenerate with `npm run goldens`, review the diff)', () => {
        const host = materialiseFixture(name);
        try {
          const golden = JSON.parse(fs.readFileSync(path.join(host.dir, 'expected.json'), 'utf8'));
          deepStrictEqual(factsOf(host.reader), golden);
        } finally {
          host.cleanup();
        }
      });
      it('has a golden that validates against the schema', () => {
        const golden = JSON.parse(fs.readFileSync(path.join(materialisedDir(name), 'expected.json'), 'utf8'));
        deepStrictEqual(validate(golden), { ok: true });
      });
      it('documents its provenance', () => {
        const provenance = fs.readFileSync(path.join(materialisedDir(name), 'PROVENANCE.md'), 'utf8');
        ok(provenance.length > 200, 'PROVENANCE.md says where each file comes from');
      });
    });
  }
});

const materialisedDir = (name: string) => path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'hosts', name);

describe('README environment table', () => {
  it('is generated from the current goldens (run `npm run goldens`)', async () => {
    const { README, readmeWithTable } = await import('./tools/environment-table.ts');
    const current = fs.readFileSync(README, 'utf8');
    ok(current === readmeWithTable(current), 'README.md table differs from the goldens');
  });
});
