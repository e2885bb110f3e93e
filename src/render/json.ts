/** Ansible's facts.d contract: stdout is exactly one JSON document (consumers.md §1). Also the `json` format. */
import type { VirtFacts } from '../model/facts.generated.ts';

export const renderJson = (facts: VirtFacts): string => `${JSON.stringify(facts, null, 2)}\n`;
