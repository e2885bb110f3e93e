/**
 * Salt grains (consumers.md §3): /etc/salt/grains is YAML with the grains at top level, and JSON is YAML.
 * One key, `virt_facts`, so Salt's own `virtual` and `virtual_subtype` grains are untouched.
 */
import type { VirtFacts } from '../model/facts.generated.ts';

export const SALT_KEY = 'virt_facts';

export const renderSalt = (facts: VirtFacts): string => `${JSON.stringify({ [SALT_KEY]: facts }, null, 2)}\n`;
