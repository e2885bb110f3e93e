/**
 * The formats a run without --format can choose (cli/format-choice.ts): Ansible's JSON, Facter's, and the text
 * summary for a terminal. Only these travel in the fact path's code; salt, prometheus and shell are asked for by
 * name on the command line, and come with it (render/index.ts).
 */
import type { VirtFacts } from '../model/facts.generated.ts';
import { renderFacter } from './facter.ts';
import { renderJson } from './json.ts';
import { renderText } from './text.ts';

export const AUTOMATIC_RENDERERS = {
  ansible: renderJson,
  facter: renderFacter,
  text: renderText,
} as const satisfies Record<string, (facts: VirtFacts) => string>;

export type AutomaticFormat = keyof typeof AUTOMATIC_RENDERERS;
