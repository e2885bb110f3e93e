/**
 * node-feature-discovery labels: for every fixture host, each line is `name=value` within Kubernetes' label rules
 * (what NFD's local source and the API server accept), every label is there, and every value reads back as the
 * fact it came from, so nothing is lost or truncated into something ambiguous.
 */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { CLOUD_DMI } from '../../src/classify/tables.ts';
import { renderNfd } from '../../src/render/nfd.ts';
import { HOSTS_DIR, hostNames, materialiseFixture } from '../helpers/fixture-root.ts';
import { tree } from '../helpers/tree.ts';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const bundle = path.join(repo, 'facts.d', 'virt.fact');
const golden = (host: string): VirtFacts => JSON.parse(fs.readFileSync(path.join(HOSTS_DIR, host, 'expected.json'), 'utf8'));

/** Kubernetes (apimachinery IsQualifiedName / IsValidLabelValue), written out here rather than imported. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The fact each label must read back as (null becomes none: none is no value of these facts otherwise). */
const expected = (f: VirtFacts): Record<string, string> => ({
  'virt-facts.vm': f.vm,
  'virt-facts.container': f.container,
  'virt-facts.mode': f.mode,
  'virt-facts.role': f.role,
  'virt-facts.cloud': f.cloud === null ? 'none' : f.cloud.provider,
  'virt-facts.xen-guest-type': f.xen === null ? 'none' : f.xen.guest_type,
  'virt-facts.paravirt-complete': f.paravirt.complete ? 'true' : 'false',
  'virt-facts.confidential': f.confidential === null ? 'none' : f.confidential.technology,
});

describe('--format nfd (node-feature-discovery local source)', () => {
  for (const host of hostNames()) {
    it(`${host}: valid label lines that read back as the facts`, () => {
      const facts = golden(host);
      const text = renderNfd(facts);
      ok(text.endsWith('\n'));
      const labels: Record<string, string> = {};
      for (const line of text.slice(0, -1).split('\n')) {
        const equals = line.indexOf('=');
        ok(equals > 0, `name=value: ${line}`);
        const [name, value] = [line.slice(0, equals), line.slice(equals + 1)];
        ok(name.length <= 63 && NAME.test(name), `label name ${name}`);
        ok(value.length > 0 && value.length <= 63 && NAME.test(value), `label value ${name}=${value}`);
        equal(name in labels, false, `one line per label: ${name}`);
        labels[name] = value;
      }
      deepStrictEqual(labels, expected(facts));
    });
  }

  it("`none` is unambiguous: where it stands for null, the fact has no value `none`; every cloud provider fits a label", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repo, 'schema/virt-facts.schema.json'), 'utf8'));
    const guestTypes: string[] = schema.$defs.xen.properties.guest_type.enum;
    const technologies: string[] = schema.$defs.confidential.properties.technology.enum;
    const providers = [...new Set([...CLOUD_DMI.map((row) => row.provider), 'aws'])];
    for (const value of [...guestTypes, ...technologies, ...providers]) ok(value !== 'none' && value.length <= 63 && NAME.test(value), value);
  });

  it('through the bundle: --format nfd prints the file; install --nfd writes it atomically, 0644', () => {
    const fixture = materialiseFixture('x86_64-aws-sev-snp');
    const dest = tree({});
    try {
      const printed = spawnSync(bundle, ['--format', 'nfd', '--root', fixture.root], { encoding: 'utf8' });
      deepStrictEqual([printed.status, printed.stderr], [0, '']);
      ok(printed.stdout.includes('virt-facts.vm=amazon\n') && printed.stdout.includes('virt-facts.confidential=sev-snp\n'), printed.stdout);
      const installed = spawnSync(bundle, ['install', '--nfd', '--dest', dest.root, '--root', fixture.root], { encoding: 'utf8' });
      equal(installed.status, 0, installed.stderr);
      const file = path.join(dest.root, 'virt-facts');
      deepStrictEqual([fs.readFileSync(file, 'utf8'), fs.statSync(file).mode & 0o777], [printed.stdout, 0o644]);
      deepStrictEqual(fs.readdirSync(dest.root), ['virt-facts'], 'no temporary file left for NFD to read');
    } finally {
      fixture.cleanup();
      dest.cleanup();
    }
  });
});
