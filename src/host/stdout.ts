/**
 * Writes the document straight to file descriptor 1. process.stdout would build a stream (and load the net
 * and stream modules for a pipe), which costs more than everything else a fact run does after start-up.
 */
import { fstatSync, readlinkSync, writeSync } from 'node:fs';

/**
 * Whether standard output is a terminal (a person). node:tty would answer, but loading it pulls in net and
 * streams (several milliseconds on every fact run); a terminal is a character device named /dev/pts/N or /dev/ttyX.
 */
export function stdoutIsTerminal(): boolean {
  try {
    return fstatSync(1).isCharacterDevice() && /^\/dev\/(pts\/\d+|tty\w*|console)$/.test(readlinkSync('/proc/self/fd/1'));
  } catch {
    return false;
  }
}

/**
 * Writes all of `text` to stdout; a reader that went away (EPIPE) is not an error worth reporting. In parentheses,
 * V8's hint to compile it with the script: fact runs call it and `virt-facts cache` does not, so only thus does the
 * code cache hold it.
 */
export const writeStdout = (function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  let waits = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset);
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
});
