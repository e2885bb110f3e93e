/**
 * The modules the fact path and the command line share. The command line travels compressed inside the
 * bundle (build.mjs) and is compiled only when there are arguments; it takes these modules from the fact
 * path's bundle instead of carrying copies. Keys are the modules' paths from the repository root.
 */
import * as factsMode from './facts-mode.ts';
import * as formatChoice from './format-choice.ts';
import * as ownFile from '../host/own-file.ts';
import * as reader from '../host/reader.ts';
import * as render from '../render/automatic.ts';
import * as validate from '../validate.ts';
import * as version from '../version.ts';

export const SHARED_MODULES: Readonly<Record<string, unknown>> = {
  'src/cli/facts-mode.ts': factsMode,
  'src/cli/format-choice.ts': formatChoice,
  'src/host/own-file.ts': ownFile,
  'src/host/reader.ts': reader,
  'src/render/automatic.ts': render,
  'src/validate.ts': validate,
  'src/version.ts': version,
};
