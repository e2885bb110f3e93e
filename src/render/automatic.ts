/**
 * The formats the consumers that run the fact get without asking (cli/format-choice.ts): Ansible's JSON and
 * Facter's. Only these travel in the fact path's code; the text summary a terminal gets, and salt, prometheus,
 * shell and nfd, which are asked for by name, come with the command line (render/index.ts).
 */
import type { VirtFacts } from '../model/facts.generated.ts';
import { renderFacter } from './facter.ts';
import { renderJson } from './json.ts';

export const AUTOMATIC_RENDERERS = {
  ansible: renderJson,
  facter: renderFacter,
} as const satisfies Record<string, (facts: VirtFacts) => string>;

/** What a run without --format prints: a consumer's format, or the summary for a person at a terminal. */
export type AutomaticFormat = keyof typeof AUTOMATIC_RENDERERS | 'text';
