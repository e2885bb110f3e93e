/**
 * The documents the launcher prints when no suitable Node.js runs the program (src/launcher/launcher.sh,
 * boot.js): src/validate.ts's fallback document in every format, rendered at build time by the real renderers,
 * with placeholders for the runtime that is missing or too old.
 */
import { FORMATS, RENDERERS, type Format } from '../render/index.ts';
import { fallbackFacts } from '../validate.ts';

/** Replaced at run time: `node` / `ENOENT` when there is no Node.js, its path and version / `ENOTSUP` when it is too old. */
export const RUNTIME_PATH = '@PATH@';
export const RUNTIME_CODE = '@CODE@';

/** The formats the launcher prints: every format there is, but `json`, which prints what `ansible` prints. */
export type LauncherFormat = Exclude<Format, 'json'>;
export const LAUNCHER_FORMATS = FORMATS.filter((format): format is LauncherFormat => format !== 'json');

export function runtimeFallbackDocuments(version: string): Record<LauncherFormat, string> {
  const facts = fallbackFacts(version, 'runtime', RUNTIME_PATH, RUNTIME_CODE);
  return Object.fromEntries(LAUNCHER_FORMATS.map((format) => [format, RENDERERS[format](facts)])) as Record<LauncherFormat, string>;
}
