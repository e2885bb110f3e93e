/**
 * Atomic installation: write a temporary file in the destination directory, flush it to disk, set its mode,
 * rename it over the target. A reader (Ansible, Facter, node_exporter) sees the old file or the new one, never half of one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { posix } from 'node:path';

export class InstallError extends Error {}

export function installAtomically(destination: string, content: Buffer | string, mode: number): void {
  if (/\s/.test(destination)) {
    // Ansible's setup module splits the fact path on white space and fails the whole gather (consumers.md §1.2).
    throw new InstallError(`refusing ${JSON.stringify(destination)}: a path with white space breaks Ansible's setup module`);
  }
  const dir = posix.dirname(destination);
  fs.mkdirSync(dir, { recursive: true });
  const temporary = posix.join(dir, `.${posix.basename(destination)}.${process.pid}.tmp`);
  try {
    // On disk before the rename: after a power loss the name holds the old file or the whole new one, never an
    // empty or half-written one (ext4 and XFS may otherwise commit the rename first).
    const fd = fs.openSync(temporary, 'w', mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, destination);
  } catch (error) {
    removeFile(temporary);
    throw error;
  }
}

/** Reads a file named on the command line (for `validate`). */
export function readUserFile(path: string): { ok: true; text: string } | { ok: false; code: string } {
  try {
    return { ok: true, text: fs.readFileSync(path, 'utf8') };
  } catch (error) {
    return { ok: false, code: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/** A new private directory for work files (a capture before it becomes a tar). */
export const makeTempDir = (): string => fs.mkdtempSync(posix.join(os.tmpdir(), 'virt-facts-'));

/** Removes a file if it is there and can be removed (fs.rmSync is Node 14.14 and later; the command line runs on 12). */
export function removeFile(path: string): boolean {
  try {
    fs.unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
