/** No identifiers in any output: every golden and every format of every fixture host is scanned. */
import { ok } from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RENDERERS, FORMATS } from '../../src/render/index.ts';
import { factsOf } from '../helpers/facts.ts';
import { HOSTS_DIR, hostNames, materialiseFixture } from '../helpers/fixture-root.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const MAC = /\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/i;
/** Variables of PID 1 other than container= (fixtures hold HOME=, TERM=, BOOT_IMAGE= ...). */
const ENVIRON = /\b(HOME|TERM|PATH|BOOT_IMAGE|LANG|USER|HOSTNAME)=/;

function scan(where: string, text: string): void {
  ok(!UUID.test(text), `${where}: a UUID (${UUID.exec(text)?.[0]})`);
  ok(!MAC.test(text), `${where}: a MAC address (${MAC.exec(text)?.[0]})`);
  ok(!ENVIRON.test(text), `${where}: PID 1's environment beyond container=`);
}

describe('no identifiers in any output', () => {
  for (const name of hostNames()) {
    it(`${name}: golden and every format`, () => {
      scan(`${name}/expected.json`, fs.readFileSync(path.join(HOSTS_DIR, name, 'expected.json'), 'utf8'));
      const host = materialiseFixture(name);
      try {
        const facts = factsOf(host.reader);
        for (const format of FORMATS) scan(`${name} --format ${format}`, RENDERERS[format](facts));
      } finally {
        host.cleanup();
      }
    });
  }
});

describe('--identifiers', () => {
  it('keeps identifier-shaped strings only when asked', async () => {
    const { collectFacts } = await import('../../src/cli/facts-mode.ts');
    const { tree } = await import('../helpers/tree.ts');
    const { createReader } = await import('../../src/host/reader.ts');
    const guid = 'f8615163-df3e-46c5-913f-f2d2f965ed0e';
    const t = tree({
      'proc/cpuinfo': 'processor\t: 0\nflags\t\t: fpu hypervisor\n\n',
      [`sys/bus/vmbus/devices/${guid}/driver`]: { link: '../../../../bus/vmbus/drivers/hv_balloon' },
    });
    try {
      const run = (identifiers: boolean) => JSON.stringify(collectFacts({ root: t.root, reader: createReader(t.root), evidence: true, identifiers, timeoutMs: 1e9, version: 'x', now: () => 0 }));
      ok(!run(false).includes(guid) && run(false).includes('[uuid]'));
      ok(run(true).includes(guid));
    } finally {
      t.cleanup();
    }
  });
});
