/**
 * Writes the document straight to file descriptor 1. process.stdout would build a stream (and load the net
 * and stream modules for a pipe), which costs more than everything else a fact run does after start-up.
 */
import * as fs from 'node:fs';
import { isatty } from 'node:tty';

/** Whether standard output is a terminal (a person), without creating process.stdout. */
export const stdoutIsTerminal = (): boolean => isatty(1);

/** Writes all of `text` to stdout; a reader that went away (EPIPE) is not an error worth reporting. */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  let waits = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: wait a little for the reader, up to ~2 s in all.
      if (code === 'EAGAIN' && waits++ < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      return;
    }
  }
}
