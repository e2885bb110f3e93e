/**
 * The documents the launcher prints when no suitable Node.js runs the program (src/launcher/launcher.sh,
 * boot.js): src/validate.ts's fallback document in every format, rendered at build time by the real renderers,
 * with placeholders for the runtime that is missing or too old.
 */
import { RENDERERS } from '../render/index.ts';
import { fallbackFacts } from '../validate.ts';

/** Replaced at run time: `node` / `ENOENT` when there is no Node.js, its path and version / `ENOTSUP` when it is too old. */
export const RUNTIME_PATH = '@RUNTIME_PATH@';
export const RUNTIME_CODE = '@RUNTIME_CODE@';

/** The formats the launcher chooses among (`json` prints what `ansible` prints). */
export const LAUNCHER_FORMATS = ['ansible', 'facter', 'salt', 'prometheus', 'shell', 'text'] as const;
export type LauncherFormat = (typeof LAUNCHER_FORMATS)[number];

export function runtimeFallbackDocuments(version: string): Record<LauncherFormat, string> {
  const facts = fallbackFacts(version, 'runtime', RUNTIME_PATH, RUNTIME_CODE);
  return Object.fromEntries(LAUNCHER_FORMATS.map((format) => [format, RENDERERS[format](facts)])) as Record<LauncherFormat, string>;
}
