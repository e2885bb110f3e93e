/** Every output format, by name: pure functions of validated facts. */
import type { VirtFacts } from '../model/facts.generated.ts';
import { AUTOMATIC_RENDERERS } from './automatic.ts';
import { renderNfd } from './nfd.ts';
import { renderPrometheus } from './prometheus.ts';
import { renderSalt } from './salt.ts';
import { renderShell } from './shell.ts';
import { renderText } from './text.ts';

export const RENDERERS = {
  ansible: AUTOMATIC_RENDERERS.ansible,
  json: AUTOMATIC_RENDERERS.ansible,
  facter: AUTOMATIC_RENDERERS.facter,
  salt: renderSalt,
  prometheus: renderPrometheus,
  shell: renderShell,
  nfd: renderNfd,
  text: renderText,
} as const satisfies Record<string, (facts: VirtFacts) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
