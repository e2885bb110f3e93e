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

/**
 * One per probe and run: a class, so that the methods are made once rather than as nine closures for each of the
 * 25 probes of every run (0.2 ms of a fact run, --cpu-prof).
 */
class ProbeReads implements ProbeContext {
  /** Paths whose failure is recorded already: each is reported once. */
  private seen: Set<string> | undefined;

  constructor(
    private readonly reader: Reader,
    readonly probe: string,
    private readonly errors: ReadError[],
    private readonly expired: () => boolean,
  ) {}

  private note<T>(path: string, read: Read<T>): Read<T> {
    // Checked after each read: the probe stops at the first read past the deadline, whatever loop it is in.
    if (this.expired()) throw new DeadlineExceeded(path);
    if (!read.ok && !ABSENT.has(read.code) && !(this.seen ??= new Set()).has(path)) {
      this.seen.add(path);
      this.errors.push({ probe: this.probe, path, code: read.code });
    }
    return read;
  }

  text(path: string, maxBytes?: number): Read<string> {
    return this.note(path, this.reader.text(path, maxBytes));
  }

  line(path: string): string | undefined {
    const read = this.note(path, this.reader.text(path, 4096));
    return read.ok ? firstLine(read.value) : undefined;
  }

  bytes(path: string, offset: number, length: number): Read<Uint8Array> {
    return this.note(path, this.reader.bytes(path, offset, length));
  }

  list(path: string): Read<string[]> {
    return this.note(path, this.reader.list(path));
  }

  names(path: string): string[] {
    const read = this.note(path, this.reader.list(path));
    return read.ok ? read.value : [];
  }

  link(path: string): Read<string> {
    return this.note(path, this.reader.link(path));
  }

  kind(path: string): Read<EntryKind> {
    return this.note(path, this.reader.kind(path));
  }

  exists(path: string): boolean | undefined {
    const read = this.note(path, this.reader.kind(path));
    if (read.ok) return true;
    return ABSENT.has(read.code) ? false : undefined;
  }
}

export function createProbeContext(reader: Reader, probe: string, errors: ReadError[], expired: () => boolean = () => false): ProbeContext {
  return new ProbeReads(reader, probe, errors, expired);
}
