import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCoarseClock } from '../../src/rate-limit/index.ts';

/** A source that counts its reads, and a timer the test fires by hand. */
function harness(maxReads = 4) {
  let t = 1_000;
  let reads = 0;
  let tick: (() => void) | undefined;
  let started = 0;
  const clock = createCoarseClock({
    source: { now: () => (reads++, t) },
    maxReads,
    every: (fn) => {
      started++;
      tick = fn;
      return () => void (tick = undefined);
    },
  });
  return {
    clock,
    set: (ms: number) => void (t = ms),
    fire: () => tick?.(),
    get reads() {
      return reads;
    },
    get running() {
      return tick !== undefined;
    },
    get started() {
      return started;
    },
  };
}

describe('createCoarseClock', () => {
  it('reads its source once per maxReads reads while no tick comes', () => {
    const h = harness(4);
    const seen = [];
    for (let i = 0; i < 9; i++) {
      seen.push(h.clock.now());
      h.set(1_000 + i + 1);
    }
    assert.deepEqual(seen, [1_000, 1_000, 1_000, 1_000, 1_004, 1_004, 1_004, 1_004, 1_008]);
    assert.equal(h.reads, 3);
  });

  it('refreshes on each tick while in use, and stops the timer after an idle tick', () => {
    const h = harness(100);
    assert.equal(h.clock.now(), 1_000);
    h.set(1_001);
    h.clock.now();
    h.fire();
    assert.equal(h.clock.now(), 1_001);
    h.fire(); // a read happened since the last refresh: keep going
    assert.equal(h.running, true);
    h.fire(); // none since: stop
    assert.equal(h.running, false);
    h.set(5_000);
    assert.equal(h.clock.now(), 5_000);
    assert.deepEqual([h.running, h.started], [true, 2]);
  });

  it('never runs backwards, and floors fractions', () => {
    const h = harness(1);
    h.set(2_000.7);
    assert.equal(h.clock.now(), 2_000);
    h.set(1_500);
    assert.equal(h.clock.now(), 2_000);
  });

  it('reads the source every time where timers are unavailable', () => {
    let t = 0;
    const clock = createCoarseClock({ source: { now: () => ++t }, every: () => undefined });
    assert.deepEqual([clock.now(), clock.now(), clock.now()], [1, 2, 3]);
  });

  it('rejects a source that is not a clock and a maxReads below 1', () => {
    assert.throws(() => createCoarseClock({ source: {} as never }), TypeError);
    assert.throws(() => createCoarseClock({ maxReads: 0 }), RangeError);
  });
});
