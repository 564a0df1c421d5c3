import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from '../../src/rate-limit/index.ts';
import { fakeClock } from './fixtures/clock.ts';
import { referenceBucket } from './fixtures/reference-bucket.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('createRateLimiter', () => {
  it('starts a bucket full: 10 allowed at once, the 11th denied', () => {
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, clock: fakeClock() });
    const allowed = Array.from({ length: 11 }, () => limiter.consume('app').allowed);
    assert.deepEqual(allowed, [...Array(10).fill(true), false]);
  });

  it('agrees with an exact token bucket for one request every 3.5 s against 10 a minute', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, clock });
    const oracle = referenceBucket(10, MINUTE);
    let allowedOfFirst23 = 0;
    for (let i = 0; i < 400; i++) {
      const d = limiter.consume('app');
      const r = oracle.take(clock.now());
      const got = [d.allowed, d.remaining, d.retryAfterMs];
      assert.deepEqual(got, [r.allowed, r.remaining, r.retryAfterMs], `#${i}`);
      if (i < 23 && d.allowed) allowedOfFirst23++;
      clock.advance(3_500);
    }
    // Debt grows 2.5 s a request from 6 s: 22 fit under the 60 s tolerance, the 23rd does not.
    assert.equal(allowedOfFirst23, 22);
  });

  it('gives no second burst at a window edge: 1,000 at 59.999 s, none more at 60 s', () => {
    const clock = fakeClock(0);
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock });
    clock.set(59_999);
    assert.equal(limiter.consume('app', 1_000).allowed, true);
    clock.set(60_000);
    const d = limiter.consume('app');
    assert.deepEqual(
      [d.allowed, d.remaining, d.retryAfterMs, d.resetMs],
      [false, 0, 59, MINUTE - 1],
    );
    clock.set(60_059);
    assert.equal(limiter.consume('app').allowed, true);
    assert.equal(limiter.consume('app').allowed, false);
  });

  it('allows exactly 199 of 1,000 requests made every ms for a second at 100 a second', () => {
    const clock = fakeClock(0);
    const limiter = createRateLimiter({ limit: 100, periodMs: 1_000, clock });
    const oracle = referenceBucket(100, 1_000);
    let allowed = 0;
    for (let ms = 0; ms < 1_000; ms++) {
      clock.set(ms);
      const d = limiter.consume('app');
      assert.equal(d.allowed, oracle.take(ms).allowed, `at ${ms} ms`);
      if (d.allowed) allowed++;
    }
    // 100 in the bucket, plus one each 10 ms over 999 ms.
    assert.equal(allowed, 199);
  });

  it('allows 2,000 a second, two a millisecond once the burst is spent', () => {
    const clock = fakeClock(0);
    const limiter = createRateLimiter({ limit: 2_000, periodMs: 1_000, clock });
    assert.equal(limiter.consume('app', 2_000).allowed, true);
    clock.advance(1);
    const got = [limiter.consume('app'), limiter.consume('app'), limiter.consume('app')];
    assert.deepEqual(got.map((d) => d.allowed), [true, true, false]);
    assert.equal(got[2]!.retryAfterMs, 1);
  });

  it('handles a 30-day period without timers: exact reset and retry times', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1_000, periodMs: 30 * DAY, clock });
    const d = limiter.consume('app', 1_000);
    assert.deepEqual([d.allowed, d.remaining, d.resetMs], [true, 0, 30 * DAY]);
    const denied = limiter.consume('app');
    assert.deepEqual([denied.allowed, denied.retryAfterMs], [false, 2_592_000]);
    clock.advance(30 * DAY);
    const full = limiter.consume('app', 0);
    assert.deepEqual([full.remaining, full.resetMs], [1_000, 0]);
  });

  it('handles 1e9 a minute exactly, and still does five years later', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1e9, periodMs: MINUTE, clock });
    const oracle = referenceBucket(1e9, MINUTE);
    for (const [step, cost] of [[0, 1e9], [1, 0], [1, 16_666], [7, 1e5], [60_000, 1]] as const) {
      clock.advance(step);
      const d = limiter.consume('app', cost);
      assert.deepEqual([d.allowed, d.remaining], [true, oracle.take(clock.now(), cost).remaining]);
    }
    clock.advance(5 * 365 * DAY);
    assert.equal(limiter.consume('app', 1e9).remaining, 0);
    clock.advance(3);
    assert.equal(limiter.consume('app', 0).remaining, 50_000);
  });

  it('stays exact at 1e12 a minute across its 50-hour horizon', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1e12, periodMs: MINUTE, clock });
    assert.equal(limiter.consume('app').remaining, 1e12 - 1);
    const origin = limiter.store.originMs;
    // (2^53 - 2 tau) / 5e7 units a ms: the horizon falls 180,023,985 ms after the origin.
    clock.advance(180_023_980);
    assert.equal(limiter.consume('app', 1e12).remaining, 0);
    assert.equal(limiter.store.originMs, origin);
    clock.advance(30);
    assert.equal(limiter.consume('app', 0).remaining, 500_000_000);
    assert.equal(limiter.store.originMs, clock.now());
  });

  it('debits nothing for denied requests', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock });
    limiter.consume('app', 1_000);
    for (let i = 0; i < 1_000; i++) assert.equal(limiter.consume('app').allowed, false);
    clock.advance(60);
    assert.equal(limiter.consume('app').allowed, true);
    assert.equal(limiter.consume('app').allowed, false);
  });

  it('peeks with cost 0: always allowed, nothing debited', () => {
    const limiter = createRateLimiter({ limit: 5, periodMs: MINUTE, clock: fakeClock() });
    limiter.consume('app', 5);
    const peek = limiter.consume('app', 0);
    assert.deepEqual([peek.allowed, peek.remaining, peek.resetMs], [true, 0, MINUTE]);
    assert.equal(limiter.consume('fresh', 0).remaining, 5);
    assert.equal(limiter.consume('fresh', 5).allowed, true);
  });

  it('denies a cost above the burst with its own reason and no finite retry', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, burst: 5, clock });
    limiter.consume('app', 2);
    const d = limiter.consume('app', 6);
    assert.deepEqual(
      [d.allowed, d.reason, d.retryAfterMs, d.remaining],
      [false, 'cost-exceeds-capacity', Infinity, 3],
    );
    assert.equal(limiter.consume('app', 3).allowed, true);
  });

  it('clamps a clock that steps back: it neither refills nor drains', () => {
    const clock = fakeClock(100_000);
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock });
    limiter.consume('app', 1_000);
    clock.set(0);
    const d = limiter.consume('app');
    assert.deepEqual([d.allowed, d.retryAfterMs, d.resetMs], [false, 60, MINUTE]);
    clock.set(100_059);
    assert.equal(limiter.consume('app').allowed, false);
    clock.set(100_060);
    assert.equal(limiter.consume('app').allowed, true);
  });

  it('floors fractional clock readings', () => {
    const clock = fakeClock(0);
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock });
    limiter.consume('app', 1_000);
    clock.set(59.99);
    assert.equal(limiter.consume('app').allowed, false);
    clock.set(60.5);
    assert.equal(limiter.consume('app').allowed, true);
  });

  it('answers with a plain decision on the memory store, not a promise', () => {
    const d = createRateLimiter({ limit: 1, periodMs: 1_000 }).consume('app');
    assert.equal(typeof (d as { then?: unknown }).then, 'undefined');
    assert.deepEqual(Object.keys(d), [
      'allowed', 'remaining', 'limit', 'retryAfterMs', 'resetMs', 'reason', 'policy',
    ]);
  });

  it('rejects a key that is not a string and a cost that is not a non-negative integer', () => {
    const limiter = createRateLimiter({ limit: 1, periodMs: 1_000, clock: fakeClock() });
    assert.throws(() => limiter.consume(42 as never), TypeError);
    for (const cost of [-1, 1.5, Number.NaN, 2 ** 53]) {
      assert.throws(() => limiter.consume('app', cost), RangeError);
    }
  });

  it('rejects bad options once, at creation', () => {
    assert.throws(() => createRateLimiter({ limit: 0, periodMs: 1_000 }), RangeError);
    const base = { limit: 1, periodMs: 1_000 };
    assert.throws(() => createRateLimiter({ ...base, store: {} as never }), TypeError);
    assert.throws(() => createRateLimiter({ ...base, onStoreError: 'x' as never }), TypeError);
    assert.throws(() => createRateLimiter({ ...base, clock: {} as never }), TypeError);
    assert.throws(() => createRateLimiter({ ...base, reportError: 'x' as never }), TypeError);
  });
});
