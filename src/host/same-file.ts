/**
 * Whether two paths inside a root are the same file (device and inode), for `detect-virt --chroot`, which asks
 * as systemd's running_in_chroot() does whether PID 1's root (/proc/1/root) is this process's /. Used by the
 * command line only.
 */
import { statSync } from 'node:fs';
import { posix } from 'node:path';
import { walkInRoot, type Read } from './reader.ts';

export function sameFile(root: string, a: string, b: string): Read<boolean> {
  const rootDir = posix.resolve(root);
  const hostPath = (path: string): Read<string> => {
    // On the live root the kernel resolves the path (/proc/1/root is a magic link); elsewhere, as the reader does.
    if (rootDir === '/') return { ok: true, value: path };
    const walked = walkInRoot(rootDir, path, true);
    return walked.ok ? { ok: true, value: posix.join(rootDir, walked.value) } : walked;
  };
  try {
    const [first, second] = [hostPath(a), hostPath(b)];
    if (!first.ok) return first;
    if (!second.ok) return second;
    const [x, y] = [statSync(first.value), statSync(second.value)];
    return { ok: true, value: x.dev === y.dev && x.ino === y.ino };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, code: typeof code === 'string' ? code : 'EIO' };
  }
}
