/**
 * Hyper-V's key-value pairs as hv_kvp_daemon (hyperv-daemons, tools/hv/hv_kvp_daemon.c) keeps them:
 * /var/lib/hyperv/.kvp_pool_0 .. _4, pool 3 holding what the host tells the guest (Ohai reads its host name).
 * Only their presence is used, never their content (host names are identifiers). Files on disk outlive a move
 * to another hypervisor, so they are a hint, not a proof.
 */
import type { ProbeContext } from './context.ts';
import type { Signal } from '../model/evidence.ts';
import { signal } from '../model/evidence.ts';

const DIR = '/var/lib/hyperv';

export interface HypervKvpFacts {
  readonly pools: Signal<readonly string[]> | undefined;
}

export function probeHypervKvp(ctx: ProbeContext): HypervKvpFacts {
  const pools = ctx.names(DIR).filter((name) => /^\.kvp_pool_\d$/.test(name));
  return { pools: pools.length === 0 ? undefined : signal(`${DIR}/.kvp_pool_*`, pools.join(' '), pools) };
}
