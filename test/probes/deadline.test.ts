/** The deadline: probes cut by it become ETIMEDOUT errors; the document keeps its shape and validates. */
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { collectFacts } from '../../src/cli/facts-mode.ts';
import type { Read, Reader } from '../../src/host/reader.ts';
import { validate } from '../../src/validate.ts';
import { TEST_VERSION } from '../helpers/facts.ts';
import { materialiseFixture } from '../helpers/fixture-root.ts';

/** A reader whose every read advances a fake clock by 1 ms, as a slow machine would. */
function slowReader(inner: Reader, clock: { now: number }): Reader {
  const tick = <T>(read: Read<T>): Read<T> => {
    clock.now += 1;
    return read;
  };
  return {
    root: inner.root,
    text: (p, m) => tick(inner.text(p, m)),
    bytes: (p, o, l) => tick(inner.bytes(p, o, l)),
    list: (p) => tick(inner.list(p)),
    link: (p) => tick(inner.link(p)),
    kind: (p) => tick(inner.kind(p)),
  };
}

describe('deadline', () => {
  for (const timeoutMs of [0, 5, 40]) {
    it(`with a ${timeoutMs} ms budget on a slow machine: exit-0 document, cut probes listed as ETIMEDOUT`, () => {
      const host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
      try {
        const clock = { now: 0 };
        const facts = collectFacts({ root: host.root, reader: slowReader(host.reader, clock), evidence: true, timeoutMs, version: TEST_VERSION, now: () => clock.now });
        deepStrictEqual(validate(facts), { ok: true });
        const timedOut = facts.errors.filter((e) => e.code === 'ETIMEDOUT');
        ok(timedOut.length > 0, 'some probes were cut');
        if (timeoutMs === 0) equal(facts.vm, 'unknown');
      } finally {
        host.cleanup();
      }
    });
  }

  it('with time to spare, nothing is cut and the answer is the golden one', () => {
    const host = materialiseFixture('x86_64-xen-hvm-pvdrivers');
    try {
      const clock = { now: 0 };
      const facts = collectFacts({ root: host.root, reader: slowReader(host.reader, clock), evidence: true, timeoutMs: 1e6, version: TEST_VERSION, now: () => clock.now });
      deepStrictEqual([facts.vm, facts.errors], ['xen', []]);
    } finally {
      host.cleanup();
    }
  });
});
