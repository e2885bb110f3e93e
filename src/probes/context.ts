import type { EntryKind, Read, Reader } from '../host/reader.ts';
import type { ReadError } from '../model/evidence.ts';
import { firstLine } from '../model/text.ts';

/** Codes that mean "this is not there", which is an answer, not an error (systemd treats ENOENT the same way). */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/**
 * What a probe sees of the reader: the same reads, with every failure other than absence recorded once
 * under the probe's name, so the output can say what it could not see.
 */
export interface ProbeContext {
  readonly probe: string;
  text(path: string, maxBytes?: number): Read<string>;
  /** The first line, trimmed; undefined when absent or unreadable. */
  line(path: string): string | undefined;
  bytes(path: string, offset: number, length: number): Read<Uint8Array>;
  list(path: string): Read<string[]>;
  /** Directory entries, or none when the directory is absent or unreadable. */
  names(path: string): string[];
  link(path: string): Read<string>;
  kind(path: string): Read<EntryKind>;
  /** true/false when known; undefined when the answer could not be read (e.g. EACCES on a parent). */
  exists(path: string): boolean | undefined;
}

/** Thrown by a read after the deadline; gather() turns it into an ETIMEDOUT error for the probe. */
export class DeadlineExceeded extends Error {}

export function createProbeContext(reader: Reader, probe: string, errors: ReadError[], expired: () => boolean = () => false): ProbeContext {
  const seen = new Set<string>();
  function note<T>(path: string, read: Read<T>): Read<T> {
    // Checked after each read: the probe stops at the first read past the deadline, whatever loop it is in.
    if (expired()) throw new DeadlineExceeded(path);
    if (!read.ok && !ABSENT.has(read.code) && !seen.has(path)) {
      seen.add(path);
      errors.push({ probe, path, code: read.code });
    }
    return read;
  }
  return {
    probe,
    text: (path, maxBytes) => note(path, reader.text(path, maxBytes)),
    line(path) {
      const read = note(path, reader.text(path, 4096));
      return read.ok ? firstLine(read.value) : undefined;
    },
    bytes: (path, offset, length) => note(path, reader.bytes(path, offset, length)),
    list: (path) => note(path, reader.list(path)),
    names(path) {
      const read = note(path, reader.list(path));
      return read.ok ? read.value : [];
    },
    link: (path) => note(path, reader.link(path)),
    kind: (path) => note(path, reader.kind(path)),
    exists(path) {
      const read = note(path, reader.kind(path));
      if (read.ok) return true;
      return ABSENT.has(read.code) ? false : undefined;
    },
  };
}
