/** Each format from one set of facts with hostile strings in it: shaped right, and nothing can inject. */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import type { VirtFacts } from '../../src/model/facts.generated.ts';
import { renderFacter, withoutNulls } from '../../src/render/facter.ts';
import { labelValue, renderPrometheus } from '../../src/render/prometheus.ts';
import { renderSalt } from '../../src/render/salt.ts';
import { renderShell, shellQuote } from '../../src/render/shell.ts';
import { renderText } from '../../src/render/text.ts';
import { factsOf } from '../helpers/facts.ts';
import { materialiseFixture } from '../helpers/fixture-root.ts';

function fixtureFacts(name: string): VirtFacts {
  const host = materialiseFixture(name);
  try {
    return factsOf(host.reader);
  } finally {
    host.cleanup();
  }
}

/** A hostile device name and hypervisor version, as a malicious or broken system could present them. */
const HOSTILE = `x'"\\$(touch /tmp/pwned)\`id\`\n} 1\n# TYPE evil gauge`;
function hostile(): VirtFacts {
  const facts = fixtureFacts('x86_64-xen-hvm-pvdrivers');
  return {
    ...facts,
    hypervisor: facts.hypervisor && { ...facts.hypervisor, version: HOSTILE },
    paravirt: { ...facts.paravirt, block: [{ device: HOSTILE, driver: HOSTILE, paravirtual: true }] },
    warnings: [HOSTILE],
  };
}

describe('renderers', () => {
  it('facter: one namespaced key, no nulls anywhere, no core fact names', () => {
    const doc = JSON.parse(renderFacter(fixtureFacts('x86_64-kvm-virtio')));
    deepStrictEqual(Object.keys(doc), ['virt_facts']);
    ok(!JSON.stringify(doc).includes('null'));
    equal(doc.virt_facts.vm, 'kvm');
    equal('xen' in doc.virt_facts, false, 'xen: null is left out, not ""');
  });

  it('withoutNulls keeps false, 0 and empty strings and arrays', () => {
    deepStrictEqual(withoutNulls({ a: null, b: false, c: 0, d: '', e: [], f: { g: null, h: [null, 1] } }), { b: false, c: 0, d: '', e: [], f: { h: [1] } });
  });

  it('salt: valid YAML with the facts under virt_facts, hostile strings intact as data', () => {
    const doc = parseYaml(renderSalt(hostile()));
    deepStrictEqual(Object.keys(doc), ['virt_facts']);
    equal(doc.virt_facts.paravirt.block[0].device, HOSTILE);
  });

  it('shell: sourcing the output runs nothing and gives back the values', () => {
    const script = `${renderShell(hostile())}\nprintf '%s' "$VIRT_PARAVIRT_BLOCK"`;
    const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    equal(result.status, 0, result.stderr);
    equal(result.stderr, '');
    ok(result.stdout.startsWith("x'\"\\$(touch /tmp/pwned)`id`?} 1?# TYPE evil gauge:"), result.stdout);
  });

  it('shell quoting closes and escapes embedded single quotes', () => equal(shellQuote("it's"), `'it'\\''s'`));

  it('prometheus: hostile label values cannot break out of their quotes or add lines', () => {
    const text = renderPrometheus(hostile());
    ok(!text.includes('\n# TYPE evil'), 'no injected TYPE line');
    for (const line of text.trimEnd().split('\n')) ok(/^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{.*\})? \d+)$/.test(line), line);
    equal(labelValue('a"b\\c'), 'a\\"b\\\\c');
  });

  it('prometheus: no timestamps, gauges only', () => {
    const text = renderPrometheus(fixtureFacts('x86_64-xen-hvm-emulated'));
    ok(text.includes('virt_facts_info{vm="xen",container="none",mode="hvm",role="guest",cloud="none",confidence="high"} 1'));
    ok(text.includes('virt_facts_install_pv_drivers 1'));
    ok(!/# TYPE \S+ (info|counter|untyped)/.test(text));
    // A sample is `name{labels} value`; a third field would be a client timestamp, which node_exporter rejects.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) ok(/^[a-z_]+(\{[^}]*\})? -?\d+(\.\d+)?$/.test(line), line);
  });

  it('text: a readable summary that names the Xen answer', () => {
    const text = renderText(fixtureFacts('x86_64-xen-hvm-emulated'));
    ok(text.includes('xen           domU, HVM, PV drivers no, platform PCI unbound'), text);
    ok(text.includes('install PV drivers yes'));
  });

  it('confidential: every format says the technology, and what a plain guest shows', () => {
    const snp = fixtureFacts('x86_64-aws-sev-snp');
    const plain = fixtureFacts('x86_64-kvm-virtio');
    ok(renderPrometheus(snp).includes('virt_facts_confidential{technology="sev-snp"} 1'));
    ok(renderPrometheus(plain).includes('virt_facts_confidential{technology="none"} 0'));
    ok(renderShell(snp).includes("VIRT_CONFIDENTIAL='sev-snp'\nVIRT_CONFIDENTIAL_SOURCES='msr cpuinfo sev-guest'\n"));
    ok(renderShell(plain).includes("VIRT_CONFIDENTIAL=''\n"));
    ok(renderText(snp).includes('confidential  sev-snp (seen by msr, cpuinfo, sev-guest)'), renderText(snp));
    deepStrictEqual(JSON.parse(renderFacter(snp)).virt_facts.confidential, { technology: 'sev-snp', sources: ['msr', 'cpuinfo', 'sev-guest'] });
    equal('confidential' in JSON.parse(renderFacter(plain)).virt_facts, false, 'null is left out for Facter');
    equal(parseYaml(renderSalt(snp)).virt_facts.confidential.technology, 'sev-snp');
  });
});
