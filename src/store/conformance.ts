// The conformance suite for store adapters, exported as `twofold/testing`. It registers
// node:test tests; every test gets fresh stores from the factory, so an adapter author runs
// `runStoreConformance(() => createMyStores())` and knows the adapter keeps each contract the
// guard relies on.
import { describe } from 'node:test';
import { appStoreTests, keyStoreTests, userStoreTests } from './conformance/records.ts';
import { lifecycleTests } from './conformance/lifecycle.ts';
import { revocationStoreTests } from './conformance/revocations.ts';
import type { Run } from './conformance/run.ts';
import { bucketStoreConformance } from '../rate-limit/conformance.ts';
import type { BucketStore } from '../rate-limit/store.ts';
import type { RevocationStore } from './revocation.ts';
import type { MaybePromise, Stores } from './types.ts';

/**
 * What the factory returns: the three stores, and a bucket store when the adapter has one.
 *
 * @example
 * ```ts
 * runStoreConformance(() => ({ ...createMemoryStores(), buckets: myBucketStore() }));
 * ```
 */
export interface ConformanceStores extends Stores {
  /** A `BucketStore`; when present, the rate-limit suite runs on it too. */
  readonly buckets?: BucketStore;
  /** A `RevocationStore`; when present, its suite runs too. */
  readonly revocations?: RevocationStore;
}

/**
 * Options of {@link runStoreConformance}.
 *
 * @example
 * ```ts
 * runStoreConformance(factory, { name: 'redis stores', teardown: (s) => s.close() });
 * ```
 */
export interface StoreConformanceOptions {
  /** Title of the outer `describe`. Default `'store conformance'`. */
  readonly name?: string;
  /** Called after each test with that test's stores (close connections, drop tables). */
  readonly teardown?: (stores: ConformanceStores) => MaybePromise<void>;
}

/**
 * Registers node:test tests for every behaviour of the app, key and user stores: lookups,
 * duplicates, updates, revocation, expiry, roll with a grace period, disabled apps and keys,
 * listing by app, isolation between apps. Call it at the top level of a test file. Each call
 * of `factory` must return empty stores (for a shared server: a fresh namespace or database).
 *
 * @example
 * ```ts
 * import { runStoreConformance } from 'twofold/testing';
 * runStoreConformance(() => createRedisStores(client), { teardown: () => client.flushDb() });
 * ```
 */
export function runStoreConformance(
  factory: () => MaybePromise<ConformanceStores>,
  options: StoreConformanceOptions = {},
): void {
  if (typeof factory !== 'function') throw new TypeError('expected factory to be a function');
  const { teardown } = options;

  const run: Run = (fn) => async () => {
    const stores = await factory();
    try {
      await fn(stores);
    } finally {
      await teardown?.(stores);
    }
  };

  describe(options.name ?? 'store conformance', async () => {
    describe('AppStore', () => appStoreTests(run));
    describe('KeyStore', () => keyStoreTests(run));
    describe('UserStore', () => userStoreTests(run));
    describe('key lifecycle, through the verifier', () => lifecycleTests(run));

    // Bucket and revocation stores are optional parts of an adapter. One probe instance
    // tells which the adapter has; their suites then run on fresh stores from the factory.
    const probe = await factory();
    const has = { buckets: !!probe.buckets, revocations: !!probe.revocations };
    await teardown?.(probe);
    if (has.revocations) describe('RevocationStore', () => revocationStoreTests(run));
    if (has.buckets) {
      // Each bucket store is torn down with the stores it came with.
      const owner = new WeakMap<object, ConformanceStores>();
      const makeStore = async (): Promise<BucketStore> => {
        const stores = await factory();
        owner.set(stores.buckets as object, stores);
        return stores.buckets as BucketStore;
      };
      bucketStoreConformance(makeStore, {
        name: 'BucketStore',
        teardown: async (store) => teardown?.(owner.get(store)!),
      });
    }
  });
}
