import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimitPolicy, RateLimitPolicy } from '../../src/rate-limit/index.ts';

const form = (p: RateLimitPolicy) =>
  [p.unitsPerMs, p.unitsPerToken, p.toleranceUnits, p.interval] as const;

describe('createRateLimitPolicy', () => {
  it('counts 1,000 a minute in whole milliseconds: 60 ms a token', () => {
    const p = createRateLimitPolicy({ limit: 1_000, periodMs: 60_000 });
    assert.deepEqual(form(p), [1, 60, 60_000, '60/1']);
    assert.equal(p.burst, 1_000);
  });

  it('counts 2,000 a second in half milliseconds: 2 units a ms, 1 a token', () => {
    const p = createRateLimitPolicy({ limit: 2_000, periodMs: 1_000 });
    assert.deepEqual(form(p), [2, 1, 2_000, '1/2']);
  });

  it('counts 10 a minute with a burst of 3: tolerance is 3 tokens of 6 s', () => {
    const p = createRateLimitPolicy({ limit: 10, periodMs: 60_000, burst: 3 });
    assert.deepEqual(form(p), [1, 6_000, 18_000, '6000/1']);
  });

  it('counts 1e12 a minute in units of 1/5e7 ms, 3 a token', () => {
    const p = createRateLimitPolicy({ limit: 1e12, periodMs: 60_000 });
    assert.deepEqual(form(p), [50_000_000, 3, 3e12, '3/50000000']);
    assert.equal(p.horizonUnits, Number.MAX_SAFE_INTEGER - 6e12);
  });

  it('counts 7 a minute in units of 1/7 ms, since 60,000 / 7 is not whole', () => {
    const p = createRateLimitPolicy({ limit: 7, periodMs: 60_000 });
    assert.deepEqual(form(p), [7, 60_000, 420_000, '60000/7']);
  });

  it('makes frozen RateLimitPolicy instances', () => {
    const p = createRateLimitPolicy({ limit: 5, periodMs: 1_000 });
    assert.ok(p instanceof RateLimitPolicy);
    assert.ok(Object.isFrozen(p));
  });

  it('rejects limits, periods and bursts that are not positive safe integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53]) {
      const base = { limit: 1, periodMs: 1_000 };
      assert.throws(() => createRateLimitPolicy({ ...base, limit: bad }), RangeError);
      assert.throws(() => createRateLimitPolicy({ ...base, periodMs: bad }), RangeError);
      assert.throws(() => createRateLimitPolicy({ ...base, burst: bad }), RangeError);
    }
  });

  it('rejects a limit given as a string, and options that are not an object', () => {
    const limit = '10' as never;
    assert.throws(() => createRateLimitPolicy({ limit, periodMs: 1_000 }), TypeError);
    assert.throws(() => createRateLimitPolicy(null as never), TypeError);
  });

  it('rejects rates too fine for exact arithmetic below 2^53', () => {
    // 2^52 tokens per 7 ms would need 2^52 units per ms: an hour would overflow.
    assert.throws(() => createRateLimitPolicy({ limit: 2 ** 52, periodMs: 7 }), /units per ms/);
    // One token every 2^40 ms with a burst of 2^12: the tolerance alone is 2^52 units.
    assert.throws(
      () => createRateLimitPolicy({ limit: 1, periodMs: 2 ** 40, burst: 2 ** 12 }),
      /below 2\^51/,
    );
  });
});
