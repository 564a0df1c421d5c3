// The bucket store port (DESIGN.md, Ports): one value per key, the GCRA theoretical arrival
// time (TAT), read with `load` and written with `compareAndSet`, or updated in one atomic call
// (what a Redis Lua script or an SQL upsert implements). The caller passes the time in.
import type { RateLimitPolicy } from './policy.ts';

/**
 * A value, or a promise of it.
 *
 * @example
 * ```ts
 * const state: MaybePromise<BucketState | undefined> = store.load('app_42');
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What a store keeps for one key. `tat` alone would be ambiguous after an app's limit changes,
 * so the state also names the units it is counted in.
 *
 * @example
 * ```ts
 * // 1,000 per minute: T = 60 ms, 1 unit per ms; the bucket is full again 120 ms after origin.
 * const state: BucketState = { tat: 120, interval: '60/1' };
 * ```
 */
export interface BucketState {
  /** The TAT: an integer count of units (1/m ms) since the store's `originMs`. */
  readonly tat: number;
  /** The writer policy's `interval`, `"T/m"` (see `RateLimitPolicy.interval`). */
  readonly interval: string;
}

/**
 * Where buckets live. Implement `load` and `compareAndSet`; `update` is optional and, when
 * present, must do the whole GCRA step atomically:
 *
 * 1. `now = (nowMs - originMs) * policy.unitsPerMs`; read the key's state (absent = full);
 * 2. `debt = tat - now` (rescaled when the state's interval differs from the policy's: the
 *    tokens owed, `debt / T_old`, are kept), clamped to `[0, policy.toleranceUnits]`;
 * 3. when `cost > 0` and `debt + cost * policy.unitsPerToken <= policy.toleranceUnits`, write
 *    `{ tat: now + debt + cost * T, interval: policy.interval }`;
 * 4. return `debt`.
 *
 * A key whose TAT has passed equals a full bucket, so the store may drop it: `ttlMs` says when.
 * A store never reads a clock. Failures (throw or reject) go to the limiter's `onStoreError`.
 *
 * @example
 * ```ts
 * const store: BucketStore = {
 *   originMs: 0,
 *   load: (key) => redis.get(key).then(parseState),
 *   compareAndSet: (key, expected, next, ttlMs) => redisCas(key, expected, next, ttlMs),
 * };
 * ```
 */
export interface BucketStore {
  /** Epoch ms that TATs count from (default 0). Stores shared by processes must agree on it. */
  readonly originMs?: number;
  /** The state of `key`, or `undefined` when it has none (a full bucket). */
  load(key: string): MaybePromise<BucketState | undefined>;
  /**
   * Writes `next` when the key's state equals `expected` (`undefined`: the key has none);
   * answers whether it wrote. `ttlMs` > 0: after it the key may vanish.
   */
  compareAndSet(
    key: string,
    expected: BucketState | undefined,
    next: BucketState,
    ttlMs: number,
  ): MaybePromise<boolean>;
  /** The atomic GCRA step described above; returns the debt before the request, in units. */
  update?(key: string, nowMs: number, cost: number, policy: RateLimitPolicy): MaybePromise<number>;
}

/**
 * A bucket store that answers synchronously (the memory and shared-memory stores). A limiter
 * on one returns decisions, not promises.
 *
 * @example
 * ```ts
 * const store: SyncBucketStore = createMemoryBucketStore();
 * ```
 */
export interface SyncBucketStore extends BucketStore {
  readonly originMs: number;
  load(key: string): BucketState | undefined;
  compareAndSet(
    key: string,
    expected: BucketState | undefined,
    next: BucketState,
    ttlMs: number,
  ): boolean;
  update(key: string, nowMs: number, cost: number, policy: RateLimitPolicy): number;
}

/**
 * True for promises and other thenables.
 *
 * @example
 * ```ts
 * const debt = store.update(key, nowMs, 1, policy);
 * return isThenable(debt) ? debt.then(toDecision) : toDecision(debt);
 * ```
 */
export function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
