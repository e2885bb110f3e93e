/** Every output format, by name: pure functions of validated facts. */
import type { VirtFacts } from '../model/facts.generated.ts';
import { renderFacter } from './facter.ts';
import { renderJson } from './json.ts';
import { renderPrometheus } from './prometheus.ts';
import { renderSalt } from './salt.ts';
import { renderShell } from './shell.ts';
import { renderText } from './text.ts';

export const RENDERERS = {
  ansible: renderJson,
  json: renderJson,
  facter: renderFacter,
  salt: renderSalt,
  prometheus: renderPrometheus,
  shell: renderShell,
  text: renderText,
} as const satisfies Record<string, (facts: VirtFacts) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
