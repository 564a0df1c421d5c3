// twofold/redis: every store a guard needs, on Redis, for a fleet of servers that share each
// app's bucket, keys and users. No dependency: the stores talk through your own client (node-
// redis, ioredis, or anything that can send a command), passed in as one function.
import type { BucketStore } from '../rate-limit/store.ts';
import type { RevocationStore } from './revocation.ts';
import type { Stores } from './types.ts';
import { createRedisBucketStore } from './redis/buckets.ts';
import type { RedisBucketStoreOptions } from './redis/buckets.ts';
import { redisAppStore, redisKeyStore, redisUserStore } from './redis/records.ts';
import { createRedisRevocationStore } from './redis/revocations.ts';
import type { RedisRevocationStoreOptions } from './redis/revocations.ts';
import { createCommander } from './redis/script.ts';

export { createRedisBucketStore } from './redis/buckets.ts';
export type { RedisBucketStore, RedisBucketStoreOptions } from './redis/buckets.ts';
export { createRedisRevocationStore } from './redis/revocations.ts';
export type { RedisRevocationStoreOptions } from './redis/revocations.ts';
export type { RedisSend, RedisStoreOptions } from './redis/script.ts';

/**
 * Options of {@link createRedisStores}: the client's `send`, and the options of the bucket
 * and revocation stores.
 *
 * @example
 * ```ts
 * const options: RedisStoresOptions = { send, prefix: 'myapi:', timeoutMs: 500 };
 * ```
 */
export interface RedisStoresOptions extends RedisBucketStoreOptions, RedisRevocationStoreOptions {}

/**
 * Every store on Redis: the three record stores, the buckets and the revocation list, in the
 * shape `createGuard({ stores })` takes.
 *
 * @example
 * ```ts
 * const stores: RedisStores = createRedisStores({ send });
 * ```
 */
export interface RedisStores extends Stores {
  readonly buckets: BucketStore;
  readonly revocations: RevocationStore;
}

/**
 * Creates the apps, keys, users, buckets and revocation stores on one Redis (or one cluster).
 * Configure the client to fail fast while Redis is away (node-redis: `disableOfflineQueue:
 * true`; ioredis: `enableOfflineQueue: false, maxRetriesPerRequest: 0`); `timeoutMs` bounds
 * a command the server never answers. See the README's Redis section.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = await createClient({ disableOfflineQueue: true }).connect();
 * const stores = createRedisStores({ send: (c, a) => client.sendCommand([c, ...a]) });
 * const guard = createGuard({ stores, jwt: { secret } });
 * ```
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  const redis = createCommander(options);
  return {
    apps: redisAppStore(redis),
    keys: redisKeyStore(redis),
    users: redisUserStore(redis),
    buckets: createRedisBucketStore(options),
    revocations: createRedisRevocationStore(options),
  };
}
