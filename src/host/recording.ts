/** A reader that remembers every access and its outcome, so a capture can copy exactly what the probes read. */
import type { Read, Reader } from './reader.ts';

export type AccessOp = 'text' | 'bytes' | 'list' | 'link' | 'kind';

export interface Access {
  readonly op: AccessOp;
  readonly path: string;
  readonly result: Read<unknown>;
  /** bytes: the offset read. */
  readonly offset?: number;
}

export interface RecordingReader extends Reader {
  readonly accesses: readonly Access[];
}

export function recordingReader(inner: Reader): RecordingReader {
  const accesses: Access[] = [];
  const record = <T>(op: AccessOp, path: string, result: Read<T>, offset?: number): Read<T> => {
    accesses.push(offset === undefined ? { op, path, result } : { op, path, result, offset });
    return result;
  };
  return {
    root: inner.root,
    accesses,
    text: (path, maxBytes) => record('text', path, inner.text(path, maxBytes)),
    bytes: (path, offset, length) => record('bytes', path, inner.bytes(path, offset, length), offset),
    list: (path) => record('list', path, inner.list(path)),
    link: (path) => record('link', path, inner.link(path)),
    kind: (path) => record('kind', path, inner.kind(path)),
  };
}
