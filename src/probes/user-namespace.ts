/**
 * Whether this process runs in a user namespace other than the initial one, for `detect-virt --private-users`
 * (not a fact): the answer systemd's running_in_userns() gives. The initial namespace maps every id to itself
 * (`0 0 4294967295` in uid_map and gid_map, user_namespaces(7)); any other mapping, or an empty map (a namespace
 * whose map is not written yet), is a user namespace; so is `deny` in setgroups, which only a namespace's
 * creator can write.
 */
import type { ProbeContext } from './context.ts';
import { words } from '../model/text.ts';

const FULL_RANGE = '4294967295';

/** A uid_map or gid_map: true (a mapping of a user namespace), false (the identity map), undefined (malformed). */
export function mapIsNamespaced(text: string): boolean | undefined {
  const first = text.split('\n')[0] ?? '';
  if (first.trim() === '') return true;
  const fields = words(first);
  if (fields.length < 3) return undefined;
  return !(fields[0] === '0' && fields[1] === '0' && fields[2] === FULL_RANGE);
}

/** true or false, or the code of the read that prevented an answer. */
export function probeUserNamespace(ctx: ProbeContext): { readonly inNamespace: boolean } | { readonly code: string } {
  for (const map of ['/proc/self/uid_map', '/proc/self/gid_map']) {
    const read = ctx.text(map);
    // No map at all: a kernel without user namespaces.
    if (!read.ok) {
      if (read.code === 'ENOENT') continue;
      return { code: read.code };
    }
    const namespaced = mapIsNamespaced(read.value);
    if (namespaced === undefined) return { code: 'EINVAL' };
    if (namespaced) return { inNamespace: true };
  }
  const setgroups = ctx.text('/proc/self/setgroups');
  if (!setgroups.ok) return setgroups.code === 'ENOENT' ? { inNamespace: false } : { code: setgroups.code };
  return { inNamespace: setgroups.value.trim() === 'deny' };
}
