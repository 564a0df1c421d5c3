import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRateLimiter,
  createRateLimitPolicy,
  rateLimitError,
  rateLimitHeaders,
} from '../../src/rate-limit/index.ts';
import type { Decision } from '../../src/rate-limit/index.ts';
import { fakeClock } from './fixtures/clock.ts';

const MINUTE = 60_000;

describe('rateLimitHeaders', () => {
  it('states the policy and the remaining tokens as draft-10 structured fields', () => {
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock: fakeClock() });
    assert.deepEqual(rateLimitHeaders(limiter.consume('app'), 'app'), {
      'RateLimit-Policy': '"app";q=1000;w=60',
      RateLimit: '"app";r=999;t=1',
    });
  });

  it('adds Retry-After on a denial, in whole seconds rounded up, never an epoch', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, clock });
    limiter.consume('app', 10);
    clock.advance(1);
    const d = limiter.consume('app');
    assert.equal(d.retryAfterMs, 5_999);
    assert.deepEqual(rateLimitHeaders(d, 'app'), {
      'RateLimit-Policy': '"app";q=10;w=60',
      RateLimit: '"app";r=0;t=6',
      'Retry-After': '6',
    });
  });

  it('says Retry-After: 1 when less than a second remains', () => {
    const limiter = createRateLimiter({ limit: 1_000, periodMs: 1_000, clock: fakeClock() });
    limiter.consume('app', 1_000);
    const d = limiter.consume('app');
    assert.equal(d.retryAfterMs, 1);
    assert.equal(rateLimitHeaders(d, 'app')['Retry-After'], '1');
  });

  it('scales q and w to whole seconds when the period is not (100 per 1.5 s)', () => {
    const limiter = createRateLimiter({ limit: 100, periodMs: 1_500, clock: fakeClock() });
    const headers = rateLimitHeaders(limiter.consume('app'), 'p');
    assert.equal(headers['RateLimit-Policy'], '"p";q=200;w=3');
  });

  it('names a burst that differs from the limit in a vendor parameter', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, burst: 3, clock });
    const headers = rateLimitHeaders(limiter.consume('app'), 'app');
    assert.equal(headers['RateLimit-Policy'], '"app";q=10;w=60;twofold-burst=3');
    assert.equal(headers.RateLimit, '"app";r=2;t=6');
  });

  it('adds the legacy X-RateLimit trio only when asked, with Reset in seconds from now', () => {
    const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE, clock: fakeClock() });
    const d = limiter.consume('app', 400);
    assert.equal(rateLimitHeaders(d, 'app')['X-RateLimit-Limit'], undefined);
    const legacy = rateLimitHeaders(d, 'app', { legacy: true });
    assert.deepEqual(
      [legacy['X-RateLimit-Limit'], legacy['X-RateLimit-Remaining'], legacy['X-RateLimit-Reset']],
      ['1000', '600', '24'],
    );
  });

  it('gives no Retry-After when waiting cannot help: cost above the burst', () => {
    const limiter = createRateLimiter({ limit: 5, periodMs: MINUTE, clock: fakeClock() });
    const headers = rateLimitHeaders(limiter.consume('app', 6), 'app');
    assert.equal(headers['Retry-After'], undefined);
    assert.equal(headers.RateLimit, '"app";r=5;t=0');
  });

  it('gives neither RateLimit nor Retry-After when the store was unavailable', () => {
    const policy = createRateLimitPolicy({ limit: 5, periodMs: MINUTE });
    const d: Decision = {
      allowed: false, remaining: 0, limit: 5, retryAfterMs: Infinity, resetMs: 0,
      reason: 'store-unavailable', policy,
    };
    assert.deepEqual(rateLimitHeaders(d, 'app'), { 'RateLimit-Policy': '"app";q=5;w=60' });
  });

  it('escapes quotes and backslashes in the policy name, and refuses non-ASCII', () => {
    const limiter = createRateLimiter({ limit: 1, periodMs: 1_000, clock: fakeClock() });
    const d = limiter.consume('app');
    assert.equal(rateLimitHeaders(d, 'a"b\\c').RateLimit, '"a\\"b\\\\c";r=0;t=1');
    assert.throws(() => rateLimitHeaders(d, 'café'), TypeError);
    assert.throws(() => rateLimitHeaders(d, 'a\nb'), TypeError);
  });

  it('caps integers at the structured-field maximum of 15 digits', () => {
    // 1e9 a ms over a period of 999,999 ms, which is no whole number of seconds: the quota
    // per 999,999 s would be 1e18.
    const limit = 999_999 * 1e9;
    const limiter = createRateLimiter({ limit, periodMs: 999_999, clock: fakeClock() });
    const headers = rateLimitHeaders(limiter.consume('app', 0), 'app');
    assert.equal(headers['RateLimit-Policy'], '"app";q=999999999999999;w=999999');
    assert.equal(headers.RateLimit, '"app";r=999999000000000;t=0');
  });
});

describe('rateLimitError', () => {
  it('maps each denial to its code, and an allowed decision to nothing', () => {
    const limiter = createRateLimiter({ limit: 1, periodMs: MINUTE, clock: fakeClock() });
    assert.equal(rateLimitError(limiter.consume('app')), undefined);
    assert.equal(rateLimitError(limiter.consume('app'))?.code, 'ERR_RATE_LIMITED');
    assert.equal(rateLimitError(limiter.consume('app', 2))?.code, 'ERR_COST_EXCEEDS_CAPACITY');
    const down = { ...limiter.consume('app'), reason: 'store-unavailable' as const };
    assert.equal(rateLimitError(down)?.code, 'ERR_STORE_UNAVAILABLE');
  });
});
