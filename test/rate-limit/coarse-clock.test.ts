import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCoarseClock } from '../../src/rate-limit/index.ts';

/** A source that counts its reads, and a deferral the test runs by hand. */
function harness(maxReads = 4) {
  let t = 1_000;
  let reads = 0;
  const deferred: Array<() => void> = [];
  const clock = createCoarseClock({
    source: { now: () => (reads++, t) },
    maxReads,
    defer: (fn) => void deferred.push(fn),
  });
  return {
    clock,
    deferred,
    set: (ms: number) => void (t = ms),
    endRun: () => deferred.splice(0).forEach((fn) => fn()),
    get reads() {
      return reads;
    },
  };
}

describe('createCoarseClock', () => {
  it('reads its source once per maxReads reads within one synchronous run', () => {
    const h = harness(4);
    const seen = [];
    for (let i = 0; i < 9; i++) {
      seen.push(h.clock.now());
      h.set(1_000 + i + 1);
    }
    assert.deepEqual(seen, [1_000, 1_000, 1_000, 1_000, 1_004, 1_004, 1_004, 1_004, 1_008]);
    assert.equal(h.reads, 3);
  });

  it('reads the source afresh after the run ends, and defers only once per run', () => {
    const h = harness(100);
    assert.equal(h.clock.now(), 1_000);
    h.set(1_250);
    assert.equal(h.clock.now(), 1_000);
    assert.equal(h.deferred.length, 1);
    h.endRun();
    assert.equal(h.clock.now(), 1_250);
    assert.equal(h.reads, 2);
  });

  it('never runs backwards, and floors fractions', () => {
    const h = harness(1);
    h.set(2_000.7);
    assert.equal(h.clock.now(), 2_000);
    h.set(1_500);
    assert.equal(h.clock.now(), 2_000);
  });

  it('sees time move on the system clock once the microtask queue has run', async () => {
    let t = 5;
    const clock = createCoarseClock({ source: { now: () => t } });
    assert.equal(clock.now(), 5);
    t = 6;
    assert.equal(clock.now(), 5);
    await Promise.resolve();
    assert.equal(clock.now(), 6);
  });

  it('rejects a source that is not a clock and a maxReads below 1', () => {
    assert.throws(() => createCoarseClock({ source: {} as never }), TypeError);
    assert.throws(() => createCoarseClock({ maxReads: 0 }), RangeError);
  });
});
