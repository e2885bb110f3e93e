/**
 * Every document is validated before it is printed, by the ajv standalone validator generated from
 * schema/virt-facts.schema.json at build time (no schema compilation at run time).
 */
import validateFacts from './generated/validate.mjs';
import type { VirtFacts } from './model/facts.generated.ts';

export type Validation = { readonly ok: true } | { readonly ok: false; readonly where: string; readonly problem: string };

export function validate(document: unknown): Validation {
  if (validateFacts(document)) return { ok: true };
  const first = validateFacts.errors?.[0];
  const params = first?.params === undefined ? '' : ` ${JSON.stringify(first.params)}`;
  return { ok: false, where: first?.instancePath || '/', problem: `${first?.keyword ?? 'invalid'}${params}` };
}

/**
 * The document printed when the real one cannot be: every key present, nothing claimed, and the reason in
 * `errors`, so Ansible still gets valid JSON and exit 0.
 */
export function fallbackFacts(version: string, probe: string, path: string, code: string): VirtFacts {
  return {
    schema_version: 1,
    virtual: false,
    role: 'unknown',
    vm: 'unknown',
    container: 'unknown',
    mode: 'unknown',
    layers: [],
    hypervisor: null,
    xen: null,
    paravirt: { block: [], net: [], clocksource: { current: null, available: [], paravirtual: false }, balloon: null, other: [], emulated: [], complete: false },
    cloud: null,
    confidential: null,
    host: { kvm_device: false, nested: false, xen_dom0: false },
    tuning: { tuned_profile: null, io_scheduler: null, install_pv_drivers: false, guest_agent: null },
    ansible: { virtualization_type: 'NA', virtualization_role: 'NA', virtualization_tech_guest: [], virtualization_tech_host: [] },
    confidence: 'low',
    evidence: [],
    warnings: [],
    errors: [{ probe: probe.slice(0, 40), path: path.slice(0, 256), code: code.slice(0, 40) }],
    generator: { name: 'virt-facts', version: version.slice(0, 40) },
  };
}
