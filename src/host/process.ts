/** Who started this process: Ansible runs facts from python3, Facter from `facter` (or `puppet`); consumers.md §2.3. */
import { readFileSync } from 'node:fs';

/** The parent's command name (/proc/<ppid>/comm), or undefined when it cannot be read. */
export function parentCommand(): string | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
