// The bucket store on Redis. `update` is the whole GCRA step as one script on one key: one
// round trip per decision, and nothing to lock, so it also works on Redis Cluster. `load` and
// `compareAndSet` speak the port's TATs, counted from `originMs`, for code that uses only them.
import { AuthError } from '../../errors.ts';
import type { RateLimitPolicy } from '../../rate-limit/policy.ts';
import { parseInterval } from '../../rate-limit/rate.ts';
import type { BucketState, BucketStore } from '../../rate-limit/store.ts';
import { casScript, gcraScript } from './bucket-script.ts';
import { createCommander } from './script.ts';
import type { RedisStoreOptions } from './script.ts';

/** Kept beyond the instant a bucket is full again, for clock skew between servers. */
const TTL_SLACK_MS = 1_000;
const STATE = /^(-?\d+) (-?\d+) (\d+\/\d+)$/;

/**
 * Options of {@link createRedisBucketStore}.
 *
 * @example
 * ```ts
 * const options: RedisBucketStoreOptions = { send, prefix: 'myapi:' };
 * ```
 */
export interface RedisBucketStoreOptions extends RedisStoreOptions {
  /** Epoch ms that the TATs of `load` and `compareAndSet` count from; every server must use
   * the same. Default 0. `update` does not depend on it. */
  readonly originMs?: number;
}

/**
 * A bucket store on Redis; every method answers with a promise.
 *
 * @example
 * ```ts
 * const buckets: RedisBucketStore = createRedisBucketStore({ send });
 * ```
 */
export interface RedisBucketStore extends BucketStore {
  readonly originMs: number;
  load(key: string): Promise<BucketState | undefined>;
  compareAndSet(
    key: string,
    expected: BucketState | undefined,
    next: BucketState,
    ttlMs: number,
  ): Promise<boolean>;
  update(key: string, nowMs: number, cost: number, policy: RateLimitPolicy): Promise<number>;
}

/**
 * Creates a bucket store on Redis: each bucket is one string key (`<prefix>bucket:<key>`)
 * that expires once the bucket is full again. `update` sends one EVALSHA per decision.
 *
 * @example
 * ```ts
 * const store = createRedisBucketStore({ send: (c, a) => client.sendCommand([c, ...a]) });
 * const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, store });
 * ```
 */
export function createRedisBucketStore(options: RedisBucketStoreOptions): RedisBucketStore {
  const redis = createCommander(options);
  const originMs = options.originMs ?? 0;
  if (!Number.isSafeInteger(originMs)) {
    throw new RangeError('expected originMs to be a safe integer');
  }
  const prefix = `${redis.prefix}bucket:`;
  const slack = String(TTL_SLACK_MS);

  // The policy's arguments, as strings, made once per policy.
  const made = new WeakMap<RateLimitPolicy, readonly string[]>();
  const argsOf = (p: RateLimitPolicy): readonly string[] => {
    let args = made.get(p);
    if (args === undefined) {
      args = [String(p.unitsPerToken), String(p.unitsPerMs), String(p.toleranceUnits), p.interval];
      made.set(p, args);
    }
    return args;
  };

  return {
    originMs,
    update(key, nowMs, cost, policy) {
      if (!Number.isSafeInteger(nowMs) || !Number.isSafeInteger(cost) || cost < 0) {
        throw new RangeError('expected nowMs and cost to be integers, cost at least 0');
      }
      const [t, m, tau, iv] = argsOf(policy) as [string, string, string, string];
      const argv = [String(nowMs), String(cost), t, m, tau, iv, slack];
      // The reply should be the debt; the limiter reports anything else as a store failure.
      return redis.run(gcraScript, prefix + key, argv) as Promise<number>;
    },
    async load(key) {
      const value = await redis.send('GET', [prefix + key], prefix + key);
      return value == null ? undefined : toState(value, originMs);
    },
    async compareAndSet(key, expected, next, ttlMs) {
      checkState(next, 'next');
      if (expected !== undefined) checkState(expected, 'expected');
      const ttl = ttlMs > 0 ? String(Math.ceil(ttlMs) + TTL_SLACK_MS) : '';
      const argv = [
        String(originMs),
        expected === undefined ? '' : String(expected.tat),
        expected === undefined ? '' : expected.interval,
        String(next.tat),
        next.interval,
        ttl,
      ];
      return (await redis.run(casScript, prefix + key, argv)) === 1;
    },
  };
}

function checkState(state: BucketState, name: string): void {
  if (!Number.isSafeInteger(state?.tat) || parseInterval(state.interval) === undefined) {
    throw new TypeError(`expected ${name} to be a state with an integer tat and a "T/m" interval`);
  }
}

/** The port's view of a stored "base debt T/m": TAT = (base - origin) * m + debt. */
function toState(value: unknown, originMs: number): BucketState {
  const match = typeof value === 'string' ? STATE.exec(value) : null;
  const rate = match === null ? undefined : parseInterval(match[3]!);
  if (match === null || rate === undefined) {
    throw new AuthError('ERR_STORE_UNAVAILABLE', 'redis holds a malformed bucket state');
  }
  const tat = (Number(match[1]) - originMs) * rate.unitsPerMs + Number(match[2]);
  if (!Number.isSafeInteger(tat)) {
    throw new AuthError('ERR_STORE_UNAVAILABLE', 'bucket state is 2^53 units past originMs');
  }
  return { tat, interval: rate.interval };
}
