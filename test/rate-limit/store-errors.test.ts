import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthError } from '../../src/errors.ts';
import { createRateLimiter } from '../../src/rate-limit/index.ts';
import type { BucketStore, StoreErrorPolicy } from '../../src/rate-limit/index.ts';
import { fakeClock } from './fixtures/clock.ts';
import {
  createAsyncMapStore,
  createBrokenStore,
  createContendedStore,
  createLyingStore,
} from './fixtures/stores.ts';

const MINUTE = 60_000;
const down = new Error('connection refused');

function limiterOn(store: BucketStore, onStoreError?: StoreErrorPolicy) {
  const reported: AuthError[] = [];
  const limiter = createRateLimiter({
    limit: 10,
    periodMs: MINUTE,
    store,
    clock: fakeClock(),
    reportError: (error) => reported.push(error),
    ...(onStoreError === undefined ? {} : { onStoreError }),
  });
  return { limiter, reported };
}

describe('store failures', () => {
  for (const mode of ['sync', 'async'] as const) {
    it(`denies with store-unavailable, not 429, when the store fails (${mode})`, async () => {
      const { limiter, reported } = limiterOn(createBrokenStore(down, mode));
      const d = await limiter.consume('app');
      assert.deepEqual(
        [d.allowed, d.reason, d.retryAfterMs],
        [false, 'store-unavailable', Infinity],
      );
      assert.equal(reported.length, 1);
      assert.equal(reported[0]!.code, 'ERR_STORE_UNAVAILABLE');
      assert.equal(reported[0]!.cause, down);
    });

    it(`allows with a reason when the policy is open (${mode})`, async () => {
      const { limiter, reported } = limiterOn(createBrokenStore(down, mode), 'open');
      const d = await limiter.consume('app');
      assert.deepEqual([d.allowed, d.reason], [true, 'store-unavailable-open']);
      assert.equal(reported.length, 1);
    });
  }

  it('asks the fallback limiter, which keeps its own budget', async () => {
    const fallback = createRateLimiter({ limit: 2, periodMs: MINUTE, clock: fakeClock() });
    const { limiter } = limiterOn(createBrokenStore(down, 'sync'), fallback);
    const got = [];
    for (let i = 0; i < 3; i++) got.push(await limiter.consume('app'));
    assert.deepEqual(got.map((d) => [d.allowed, d.reason]), [
      [true, 'store-unavailable-fallback'],
      [true, 'store-unavailable-fallback'],
      [false, 'rate-limited'],
    ]);
  });

  it('denies with store-unavailable when the fallback throws too', async () => {
    const fallback = { consume: () => { throw down; } } as never;
    const { limiter } = limiterOn(createBrokenStore(down, 'sync'), fallback);
    assert.equal((await limiter.consume('app')).reason, 'store-unavailable');
  });

  it('treats a debt outside [0, tau] or not a number as a store failure', async () => {
    for (const lie of [-1, Number.NaN, 600_001, 'x', undefined]) {
      const { limiter, reported } = limiterOn(createLyingStore(lie));
      assert.equal((await limiter.consume('app')).reason, 'store-unavailable', String(lie));
      assert.match(reported[0]!.message, /debt outside/);
    }
  });

  it('treats a malformed stored state as a store failure', async () => {
    for (const state of [{ tat: 1.5, interval: '6000/1' }, { tat: 1, interval: '6000' }, 42]) {
      const store = { load: () => state as never, compareAndSet: () => true };
      const { limiter, reported } = limiterOn(store);
      assert.equal((await limiter.consume('app')).reason, 'store-unavailable');
      assert.match(reported[0]!.message, /malformed/);
    }
  });

  it('gives up after 32 lost compare-and-sets and reports contention', () => {
    const store = createContendedStore();
    const { limiter, reported } = limiterOn(store);
    assert.equal((limiter.consume('app') as { reason?: string }).reason, 'store-unavailable');
    assert.equal(store.attempts, 32);
    assert.match(reported[0]!.message, /contention/);
  });

  it('survives a reporter that throws', async () => {
    const limiter = createRateLimiter({
      limit: 1, periodMs: MINUTE, store: createBrokenStore(down, 'sync'), clock: fakeClock(),
      reportError: () => { throw new Error('logger down'); },
    });
    assert.equal((await limiter.consume('app')).reason, 'store-unavailable');
  });

  it('still denies a cost above the burst when the store fails, even when open', async () => {
    const { limiter } = limiterOn(createBrokenStore(down, 'sync'), 'open');
    const d = await limiter.consume('app', 11);
    assert.deepEqual([d.allowed, d.reason], [false, 'cost-exceeds-capacity']);
  });
});

describe('limiter on an asynchronous store', () => {
  it('answers promises of exact decisions and sets the TTL to the time until full', async () => {
    const store = createAsyncMapStore();
    const limiter = createRateLimiter({ limit: 3, periodMs: 3_000, store, clock: fakeClock() });
    const pending = limiter.consume('app');
    assert.ok(pending instanceof Promise);
    const remaining = [(await pending).remaining];
    for (let i = 0; i < 3; i++) remaining.push((await limiter.consume('app')).remaining);
    assert.deepEqual(remaining, [2, 1, 0, 0]);
    assert.deepEqual(store.ttls, [1_000, 2_000, 3_000]);
  });

  it('gives exactly the capacity to 30 concurrent requests on one key', async () => {
    const { limiter, reported } = limiterOn(createAsyncMapStore());
    const all = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('app')));
    assert.equal(all.filter((d) => d.allowed).length, 10);
    assert.equal(reported.length, 0);
  });

  it('reports a policy too fast for the store origin instead of losing precision', async () => {
    const limiter = createRateLimiter({
      limit: 1e12, periodMs: MINUTE, store: createAsyncMapStore(0), clock: fakeClock(),
    });
    assert.equal((await limiter.consume('app')).reason, 'store-unavailable');
  });
});
