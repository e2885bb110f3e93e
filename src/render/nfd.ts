/**
 * node-feature-discovery's `local` source: a file in /etc/kubernetes/node-feature-discovery/features.d/ whose
 * `name=value` lines become node labels. Names carry no namespace, so NFD puts them in its own
 * (`feature.node.kubernetes.io/virt-facts.vm`), which every NFD version accepts without configuration. Names and
 * values keep Kubernetes' label rules (at most 63 characters, alphanumerics with `-`, `_`, `.` inside); every
 * value the facts can hold fits them, and one that did not would be left out rather than changed, so that no
 * label ever says something the facts do not.
 */
import type { VirtFacts } from '../model/facts.generated.ts';

/** Kubernetes' rule for a label name (without prefix) and a non-empty value (apimachinery validation). */
export const LABEL_RULE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const NFD_PREFIX = 'virt-facts.';

/** The labels, in this order; `none` stands for null where the facts have no such layer. */
export function nfdLabels(facts: VirtFacts): [name: string, value: string][] {
  return [
    ['vm', facts.vm],
    ['container', facts.container],
    ['mode', facts.mode],
    ['role', facts.role],
    ['cloud', facts.cloud?.provider ?? 'none'],
    ['xen-guest-type', facts.xen?.guest_type ?? 'none'],
    ['paravirt-complete', String(facts.paravirt.complete)],
    ['confidential', facts.confidential?.technology ?? 'none'],
  ];
}

export const renderNfd = (facts: VirtFacts): string =>
  nfdLabels(facts)
    .filter(([, value]) => LABEL_RULE.test(value))
    .map(([name, value]) => `${NFD_PREFIX}${name}=${value}\n`)
    .join('');
