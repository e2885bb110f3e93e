/**
 * Permission errors cannot be fixtures: this machine and CI run as root, which ignores file modes, and git
 * keeps none. A reader that refuses chosen paths (and everything below them) stands in for them.
 */
import type { Read, Reader } from '../../src/host/reader.ts';

export function denyReads(inner: Reader, deny: Readonly<Record<string, string>>): Reader {
  const refused = (path: string): Read<never> | undefined => {
    for (const [denied, code] of Object.entries(deny)) {
      if (path === denied || path.startsWith(`${denied}/`)) return { ok: false, code };
    }
    return undefined;
  };
  return {
    root: inner.root,
    text: (path, maxBytes) => refused(path) ?? inner.text(path, maxBytes),
    bytes: (path, offset, length) => refused(path) ?? inner.bytes(path, offset, length),
    list: (path) => refused(path) ?? inner.list(path),
    link: (path) => refused(path) ?? inner.link(path),
    kind: (path) => refused(path) ?? inner.kind(path),
  };
}
