/**
 * Puppet Facter external fact (consumers.md §2): facts are the top-level keys, so everything sits under one
 * namespaced key that no core fact uses (never `virtual`, `is_virtual`, `hypervisors`), and nulls are left
 * out because Puppet turns them into "" and PuppetDB forbids them.
 */
import type { VirtFacts } from '../model/facts.generated.ts';

export const FACTER_KEY = 'virt_facts';

/** The value with every null (and key holding one) removed, recursively. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

export const renderFacter = (facts: VirtFacts): string => `${JSON.stringify({ [FACTER_KEY]: withoutNulls(facts) }, null, 2)}\n`;
