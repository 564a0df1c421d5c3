// The token bucket (GCRA) on the memory store with a fake clock: every time below is exact, so
// every expected value is too.
import type { Case } from '../harness.ts';
import type { FakeClock, SuiteContext } from '../context.ts';
import { fakeClock } from '../context.ts';

const T0 = 1_800_000_000_000;

export function rateLimitCases({ lib, check }: SuiteContext): Case[] {
  /** A fresh limiter of `limit` tokens per `periodMs` and its clock. */
  const setup = (limit = 10, periodMs = 1000) => {
    const clock: FakeClock = fakeClock(T0);
    return { clock, limiter: lib.createRateLimiter({ limit, periodMs, clock }) };
  };
  const drain = (limiter: ReturnType<typeof setup>['limiter'], key: string, n: number) => {
    for (let i = 0; i < n; i++) check.equal(limiter.consume(key).allowed, true, `request ${i + 1}`);
  };

  return [
    {
      name: 'a bucket of 10 per second starts full: 10 requests pass, remaining 9 down to 0',
      run: () => {
        const { limiter } = setup();
        const remaining = Array.from({ length: 10 }, () => limiter.consume('app').remaining);
        check.equal(remaining, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 'remaining');
      },
    },
    {
      name: 'the 11th request is denied, retry after 100 ms, and the denial debits nothing',
      run: () => {
        const { clock, limiter } = setup();
        drain(limiter, 'app', 10);
        const denied = limiter.consume('app');
        check.equal([denied.allowed, denied.reason, denied.retryAfterMs, denied.remaining],
          [false, 'rate-limited', 100, 0], 'denied');
        check.equal(lib.rateLimitError(denied)?.code, 'ERR_RATE_LIMITED', 'error code');
        clock.advance(99);
        check.equal(limiter.consume('app').retryAfterMs, 1, 'retry after 99 ms');
        clock.advance(1);
        check.equal(limiter.consume('app').allowed, true, 'allowed after 100 ms');
      },
    },
    {
      name: 'tokens refill continuously: 250 ms after draining, two more pass',
      run: () => {
        const { clock, limiter } = setup();
        drain(limiter, 'app', 10);
        clock.advance(250);
        drain(limiter, 'app', 2);
        check.equal(limiter.consume('app').retryAfterMs, 50, 'third retry');
      },
    },
    {
      name: 'exact integer time for 3 per second: a token takes 333.33 ms, not 333',
      run: () => {
        const { clock, limiter } = setup(3, 1000);
        drain(limiter, 'app', 3);
        clock.advance(333);
        check.equal(limiter.consume('app').retryAfterMs, 1, 'after 333 ms');
        clock.advance(1);
        check.equal(limiter.consume('app').allowed, true, 'after 334 ms');
        clock.advance(666);
        drain(limiter, 'app', 2);
        check.equal(limiter.consume('app').allowed, false, 'a third at T0 + 1000 ms');
      },
    },
    {
      name: 'a clock stepping back neither refills nor drains the bucket',
      run: () => {
        const { clock, limiter } = setup();
        drain(limiter, 'app', 10);
        clock.set(T0 - 60_000);
        check.equal(limiter.consume('app').retryAfterMs, 100, 'after stepping back');
        clock.set(T0 + 100);
        check.equal(limiter.consume('app').allowed, true, 'at T0 + 100 ms');
      },
    },
    {
      name: 'buckets are per key: draining one leaves another full',
      run: () => {
        const { limiter } = setup();
        drain(limiter, 'app_a', 10);
        check.equal(limiter.consume('app_b').remaining, 9, 'other key');
      },
    },
    {
      name: 'a cost above the burst is denied with no finite retry',
      run: () => {
        const { limiter } = setup();
        const d = limiter.consume('app', 11);
        check.equal([d.allowed, d.reason, d.retryAfterMs], [false, 'cost-exceeds-capacity',
          Infinity], 'decision');
        check.equal(lib.rateLimitError(d)?.code, 'ERR_COST_EXCEEDS_CAPACITY', 'error code');
        check.equal(limiter.consume('app').remaining, 9, 'bucket untouched');
      },
    },
    {
      name: 'a policy passed to consume applies as is: 2 per second',
      run: () => {
        const { limiter } = setup();
        const two = lib.createRateLimitPolicy({ limit: 2, periodMs: 1000 });
        const decisions = [1, 2, 3].map(() => limiter.consume('app', 1, two));
        check.equal(decisions.map((d) => d.allowed), [true, true, false], 'allowed');
        check.equal(decisions[2]!.retryAfterMs, 500, 'retry');
      },
    },
    {
      name: 'rateLimitHeaders states the policy, the remaining tokens and Retry-After',
      run: () => {
        const { limiter } = setup();
        check.equal(lib.rateLimitHeaders(limiter.consume('app'), 'app'), {
          'RateLimit-Policy': '"app";q=10;w=1',
          RateLimit: '"app";r=9;t=1',
        }, 'allowed');
        drain(limiter, 'app', 9);
        check.equal(lib.rateLimitHeaders(limiter.consume('app'), 'app'), {
          'RateLimit-Policy': '"app";q=10;w=1',
          RateLimit: '"app";r=0;t=1',
          'Retry-After': '1',
        }, 'denied');
      },
    },
  ];
}
