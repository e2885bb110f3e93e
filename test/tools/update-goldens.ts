/**
 * Regenerates test/fixtures/hosts/<name>/expected.json from the fixtures (all, or those named).
 * Goldens are never edited by hand: run `npm run goldens [-- name...]` and review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { factsOf } from '../helpers/facts.ts';
import { hostNames, materialiseFixture } from '../helpers/fixture-root.ts';

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : hostNames()) {
  const host = materialiseFixture(name);
  try {
    const text = `${JSON.stringify(factsOf(host.reader), null, 2)}\n`;
    const file = path.join(host.dir, 'expected.json');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, text);
    console.log(`${before === text ? 'unchanged' : 'updated  '} ${name}`);
  } finally {
    host.cleanup();
  }
}
