/** The running program's own file: what `install` copies, and where the command line travels (cli/load-cli.ts). */
import { readFileSync } from 'node:fs';

/** process.argv[1] is the file's path in every way it is started (the launcher sets it as Node does for a script). */
export const ownFile = (): Buffer => readFileSync(process.argv[1] as string);
