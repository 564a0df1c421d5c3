// The conformance suite for BucketStore adapters (exported by twofold/testing; it needs
// node:test, so the rate-limit entry point does not re-export it). Every test gets a fresh
// store from the factory; limiters on it use a fake clock, so nothing waits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from './limiter.ts';
import { createRateLimitPolicy } from './policy.ts';
import type { BucketState, BucketStore, MaybePromise } from './store.ts';

/**
 * Options of {@link bucketStoreConformance}.
 *
 * @example
 * ```ts
 * const options: BucketStoreConformanceOptions = { name: 'redis buckets' };
 * ```
 */
export interface BucketStoreConformanceOptions {
  /** Title of the outer `describe`. Default `'bucket store conformance'`. */
  readonly name?: string;
  /** Called after each test with its store (close a connection, flush a database). */
  readonly teardown?: (store: BucketStore) => MaybePromise<void>;
}

const T0 = 1_700_000_000_000;
const perMinute = createRateLimitPolicy({ limit: 1_000, periodMs: 60_000 });
const threePer3s = createRateLimitPolicy({ limit: 3, periodMs: 3_000 });
const absent = (state: unknown) => state === undefined || state === null;
const unique = (name: string) => `${name}:${Math.random().toString(36).slice(2)}`;

/**
 * Registers node:test tests for a {@link BucketStore}: load and compare-and-set semantics, the
 * atomic `update` when present, the GCRA through a limiter (with and without `update`),
 * carried-over tokens when a limit is raised, and exact totals under concurrent requests.
 *
 * @example
 * ```ts
 * import { bucketStoreConformance } from 'twofold/testing';
 * bucketStoreConformance(() => createRedisBucketStore(client), {
 *   teardown: () => client.flushDb(),
 * });
 * ```
 */
export function bucketStoreConformance(
  makeStore: () => MaybePromise<BucketStore>,
  options: BucketStoreConformanceOptions = {},
): void {
  if (typeof makeStore !== 'function') throw new TypeError('expected makeStore to be a function');
  const run = (fn: (store: BucketStore) => unknown) => async () => {
    const store = await makeStore();
    try {
      await fn(store);
    } finally {
      await options.teardown?.(store);
    }
  };

  describe(options.name ?? 'bucket store conformance', () => {
    it('has no state for a key it never stored', run(async (store) => {
      assert.ok(absent(await store.load(unique('never'))));
    }));

    it('stores a first state against undefined, once', run(async (store) => {
      const key = unique('first');
      const state: BucketState = { tat: 120, interval: '60/1' };
      assert.equal(await store.compareAndSet(key, undefined, state, 120), true);
      assert.deepEqual({ ...(await store.load(key)) }, state);
      const second: BucketState = { tat: 180, interval: '60/1' };
      assert.equal(await store.compareAndSet(key, undefined, second, 1), false);
      assert.deepEqual({ ...(await store.load(key)) }, state);
    }));

    it('replaces a state only when both tat and interval match', run(async (store) => {
      const key = unique('cas');
      await store.compareAndSet(key, undefined, { tat: 120, interval: '60/1' }, 120);
      const next: BucketState = { tat: 240, interval: '30/1' };
      assert.equal(await store.compareAndSet(key, { tat: 121, interval: '60/1' }, next, 1), false);
      assert.equal(await store.compareAndSet(key, { tat: 120, interval: '30/1' }, next, 1), false);
      assert.equal(await store.compareAndSet(key, { tat: 120, interval: '60/1' }, next, 1), true);
      assert.deepEqual({ ...(await store.load(key)) }, next);
    }));

    it('keeps keys apart, even when they differ in one character or in case', run(async (store) => {
      const base = unique('app');
      await store.compareAndSet(base, undefined, { tat: 60, interval: '60/1' }, 60);
      for (const other of [`${base}x`, base.toUpperCase(), base.slice(0, -1)]) {
        assert.ok(absent(await store.load(other)), other);
      }
    }));

    it('has an integer originMs when it declares one', run((store) => {
      assert.ok(store.originMs === undefined || Number.isSafeInteger(store.originMs));
    }));

    it('runs the GCRA through a limiter: full at first, exact refill', run(async (store) => {
      await gcraThroughLimiter(store);
    }));

    it('runs the GCRA through load and compare-and-set alone', run(async (store) => {
      await gcraThroughLimiter(casOnly(store));
    }));

    it('keeps the tokens an app owes when its limit is raised', run(async (store) => {
      const clock = { now: () => T0 };
      const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, store, clock });
      const key = unique('raise');
      assert.equal((await limiter.consume(key, 1_000)).remaining, 0);
      const raised = createRateLimitPolicy({ limit: 2_000, periodMs: 60_000 });
      assert.equal((await limiter.consume(key, 0, raised)).remaining, 1_000);
      assert.equal((await limiter.consume(key, 1, raised)).remaining, 999);
    }));

    it('allows exactly the capacity to 40 concurrent requests on one key', run(async (store) => {
      const clock = { now: () => T0 };
      const limiter = createRateLimiter({ limit: 10, periodMs: 60_000, store, clock });
      const key = unique('race');
      const decisions = await Promise.all(Array.from({ length: 40 }, () => limiter.consume(key)));
      assert.equal(decisions.filter((d) => d.allowed).length, 10);
      assert.equal(decisions.filter((d) => d.reason === 'store-unavailable').length, 0);
    }));

    it('update, when offered, returns the prior debt and writes only conforming requests', run(
      async (store) => {
        if (store.update === undefined) return;
        const key = unique('update');
        const debts = [];
        for (let i = 0; i < 4; i++) debts.push(await store.update(key, T0, 1, threePer3s));
        assert.deepEqual(debts, [0, 1_000, 2_000, 3_000]);
        assert.equal(await store.update(key, T0 + 1_000, 0, threePer3s), 2_000);
        assert.equal(await store.update(key, T0 + 1_000, 1, threePer3s), 2_000);
        assert.equal(await store.update(key, T0 + 1_000, 1, threePer3s), 3_000);
      },
    ));
  });
}

/** 3 per 3 s through a limiter on the store: 3 allowed, then one a second, exactly. */
async function gcraThroughLimiter(store: BucketStore): Promise<void> {
  let t = T0;
  const limiter = createRateLimiter({ limit: 3, periodMs: 3_000, store, clock: { now: () => t } });
  const key = unique('gcra');
  const allowed = async () => (await limiter.consume(key)).allowed;
  assert.deepEqual([await allowed(), await allowed(), await allowed(), await allowed()],
    [true, true, true, false]);
  t += 999;
  assert.equal(await allowed(), false);
  t += 1;
  const d = await limiter.consume(key);
  assert.deepEqual([d.allowed, d.remaining, d.resetMs], [true, 0, 3_000]);
  t += 3_000;
  assert.equal((await limiter.consume(key, 0)).remaining, 3);
  assert.equal((await limiter.consume(key, 0, perMinute)).remaining, 1_000);
}

/** The store seen through the two required methods only. */
function casOnly(store: BucketStore): BucketStore {
  return {
    get originMs() {
      return store.originMs ?? 0;
    },
    load: (key) => store.load(key),
    compareAndSet: (key, expected, next, ttlMs) => store.compareAndSet(key, expected, next, ttlMs),
  };
}
