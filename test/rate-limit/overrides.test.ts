import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter, createRateLimitPolicy } from '../../src/rate-limit/index.ts';
import { fakeClock } from './fixtures/clock.ts';

const MINUTE = 60_000;
const perMinute = (limit: number, burst: number = limit) =>
  createRateLimitPolicy({ limit, periodMs: MINUTE, burst });

describe('per-key policies', () => {
  it('uses the policy function for a key, and the default when it answers undefined', () => {
    const gold = perMinute(5_000);
    const limiter = createRateLimiter({
      limit: 1_000,
      periodMs: MINUTE,
      clock: fakeClock(),
      policy: (key) => (key === 'gold-app' ? gold : undefined),
    });
    assert.equal(limiter.consume('gold-app').remaining, 4_999);
    assert.equal(limiter.consume('other-app').remaining, 999);
    assert.equal(limiter.policyFor('gold-app'), gold);
    assert.equal(limiter.policyFor('other-app'), limiter.policy);
  });

  it('reads the override map on every call, so a raised limit applies at once', () => {
    const overrides = new Map<string, ReturnType<typeof perMinute>>();
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock, overrides });
    assert.equal(limiter.consume('app', 1_000).remaining, 0);
    overrides.set('app', perMinute(2_000));
    const d = limiter.consume('app');
    assert.deepEqual([d.allowed, d.remaining, d.limit], [true, 999, 2_000]);
  });

  it('takes a policy passed to consume as is, over the function and the map', () => {
    const policy = () => perMinute(20);
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, clock: fakeClock(), policy });
    const d = limiter.consume('app', 1, perMinute(50));
    assert.deepEqual([d.remaining, d.limit, d.policy.limit], [49, 50, 50]);
  });

  it('keeps the tokens: a drained 1,000/min bucket raised to 2,000/min has 1,000 left', () => {
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock: fakeClock() });
    limiter.consume('app', 1_000);
    const raised = perMinute(2_000);
    const d = limiter.consume('app', 0, raised);
    assert.deepEqual([d.remaining, d.resetMs], [1_000, 30_000]);
  });

  it('keeps the tokens owed when the limit is lowered, down to an empty bucket', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 2_000, periodMs: MINUTE, clock });
    limiter.consume('half', 500);
    limiter.consume('most', 1_500);
    const lower = perMinute(1_000);
    assert.equal(limiter.consume('half', 0, lower).remaining, 500);
    const d = limiter.consume('most', 1, lower);
    assert.deepEqual([d.allowed, d.remaining, d.retryAfterMs], [false, 0, 60]);
  });

  it('rescales across units: 7 a minute (1/7 ms units) raised to 1e9 a minute', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 7, periodMs: MINUTE, clock });
    limiter.consume('app', 7);
    // 8,571 ms refill 0.99995 of a token: 6.00005 are still owed, so not quite 6.
    clock.advance(8_571);
    assert.equal(limiter.consume('app', 0, perMinute(1e9)).remaining, 1e9 - 7);
    clock.advance(1);
    assert.equal(limiter.consume('app', 0, perMinute(1e9)).remaining, 1e9 - 6);
  });

  it('changes only the capacity when the burst changes at the same rate', () => {
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock: fakeClock() });
    limiter.consume('app', 100);
    assert.equal(limiter.consume('app', 0, perMinute(1_000, 5_000)).remaining, 4_900);
  });

  it('refuses overrides that were not made by createRateLimitPolicy', () => {
    const fake = { limit: 1, periodMs: 1, burst: 1 } as never;
    assert.throws(
      () => createRateLimiter({ limit: 1, periodMs: 1_000, overrides: new Map([['a', fake]]) }),
      TypeError,
    );
    const policy = () => fake;
    const limiter = createRateLimiter({ limit: 1, periodMs: 1_000, clock: fakeClock(), policy });
    assert.throws(() => limiter.consume('a'), TypeError);
    assert.throws(() => limiter.consume('a', 1, fake), TypeError);
  });

  it('refuses both a policy function and an override map', () => {
    assert.throws(
      () => createRateLimiter({
        limit: 1, periodMs: 1_000, policy: () => undefined, overrides: new Map(),
      }),
      TypeError,
    );
  });
});
