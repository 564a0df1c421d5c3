// Apps, API keys and users as Redis hashes. Every command touches one key, so the stores work
// on Redis Cluster; the few operations that span keys (a key's id claim, its record, its app's
// index) are ordered so that a failure between them never exposes a wrong record.
//
//   <prefix>app:<id>                    hash: the app
//   <prefix>key:<hash>                  hash: the key record, found by hash on every request
//   <prefix>key-id:<id>                 string: the hash of key <id> (claims the id)
//   <prefix>app-keys:<appId>            sorted set: key ids scored by createdAt
//   <prefix>user:<len(appId)>:<appId>:<username>   hash: the user
import type { AppStore, KeyRecord, KeyStore, RecordStatus, UserStore } from '../types.ts';
import { fieldsOf, pairs, toApp, toKey, toUser } from './codec.ts';
import { insertScript, updateScript } from './record-scripts.ts';
import type { Commander } from './script.ts';

/** Unpaired surrogates would reach Redis as U+FFFD and merge distinct names. */
const LONE_SURROGATE = /\p{Cs}/u;
const usable = (s: unknown): s is string =>
  typeof s === 'string' && s !== '' && !LONE_SURROGATE.test(s);

function checkName(value: unknown, name: string): void {
  if (!usable(value)) throw new TypeError(`expected ${name} to be a non-empty, well-formed string`);
}

function checkTime(value: unknown, name: string): void {
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new TypeError(`expected ${name} to be an integer`);
  }
}

function checkStatus(value: unknown): RecordStatus {
  if (value === 'active' || value === 'disabled') return value;
  throw new TypeError("expected status to be 'active' or 'disabled'");
}

/**
 * The app store: one hash per app.
 *
 * @example
 * ```ts
 * const apps = redisAppStore(createCommander({ send }));
 * await apps.get('app_42');
 * ```
 */
export function redisAppStore(redis: Commander): AppStore {
  const at = (id: string) => `${redis.prefix}app:${id}`;
  return {
    async get(id) {
      if (!usable(id)) return undefined;
      const fields = fieldsOf(await redis.send('HGETALL', [at(id)], at(id)));
      return fields && toApp(fields);
    },
    async insert(app) {
      checkName(app?.id, 'app.id');
      checkStatus(app.status);
      if (typeof app.name !== 'string') throw new TypeError('expected app.name to be a string');
      const { id, name, status, rateLimit } = app;
      const fields = pairs({ id, name, status, rateLimit });
      if ((await redis.run(insertScript, at(id), fields)) !== 1) {
        throw new Error('an app with this id exists');
      }
    },
    async update(id, changes) {
      if (!usable(id)) return undefined;
      const ops: string[] = ['id', id];
      if (changes.name !== undefined) ops.push('set', 'name', String(changes.name));
      if (changes.status !== undefined) ops.push('set', 'status', checkStatus(changes.status));
      if (changes.rateLimit === null) ops.push('del', 'rateLimit', '');
      else if (changes.rateLimit !== undefined) {
        ops.push('set', 'rateLimit', JSON.stringify(changes.rateLimit));
      }
      const fields = fieldsOf(await redis.run(updateScript, at(id), ops));
      return fields && toApp(fields);
    },
  };
}

/**
 * The key store: records by hash, an id claim per key, and an index per app.
 *
 * @example
 * ```ts
 * const keys = redisKeyStore(createCommander({ send }));
 * await keys.findByHash(hashApiKey(key));
 * ```
 */
export function redisKeyStore(redis: Commander): KeyStore {
  const byHash = (hash: string) => `${redis.prefix}key:${hash}`;
  const byId = (id: string) => `${redis.prefix}key-id:${id}`;
  const byApp = (appId: string) => `${redis.prefix}app-keys:${appId}`;

  const findByHash = async (hash: string): Promise<KeyRecord | undefined> => {
    if (!usable(hash)) return undefined;
    const fields = fieldsOf(await redis.send('HGETALL', [byHash(hash)], byHash(hash)));
    return fields && toKey(fields);
  };
  const hashOf = async (id: string): Promise<string | undefined> => {
    if (!usable(id)) return undefined;
    const hash = await redis.send('GET', [byId(id)], byId(id));
    return typeof hash === 'string' ? hash : undefined;
  };
  // A claim left behind by an insert that failed half-way may name another key's hash: the
  // record must carry the id asked for.
  const get = async (id: string): Promise<KeyRecord | undefined> => {
    const hash = await hashOf(id);
    const record = hash === undefined ? undefined : await findByHash(hash);
    return record?.id === id ? record : undefined;
  };

  return {
    findByHash,
    get,
    async insert(record) {
      checkName(record?.id, 'record.id');
      checkName(record.hash, 'record.hash');
      checkName(record.appId, 'record.appId');
      checkStatus(record.status);
      for (const name of ['createdAt', 'expiresAt', 'revokedAt'] as const) {
        checkTime(record[name], `record.${name}`);
      }
      if (record.createdAt === undefined) throw new TypeError('expected record.createdAt');
      const { id, appId, start, hash, createdAt, expiresAt, revokedAt, status } = record;
      const fields = pairs({ id, appId, start, hash, createdAt, expiresAt, revokedAt, status });

      // Claim the id, then write the record, then index it: findByHash never sees a record
      // whose id is taken by another.
      if ((await redis.send('SET', [byId(id), hash, 'NX'], byId(id))) == null) {
        throw new Error('a key with this id exists');
      }
      if ((await redis.run(insertScript, byHash(hash), fields)) !== 1) {
        await redis.send('DEL', [byId(id)], byId(id));
        throw new Error('a key with this hash exists');
      }
      await redis.send('ZADD', [byApp(appId), String(createdAt), id], byApp(appId));
    },
    async update(id, changes) {
      const hash = await hashOf(id);
      if (hash === undefined) return undefined;
      const ops: string[] = ['id', id];
      if (changes.status !== undefined) ops.push('set', 'status', checkStatus(changes.status));
      checkTime(changes.revokedAt, 'revokedAt');
      // The earlier revocation wins (KeyStore.update), decided inside the script.
      if (changes.revokedAt !== undefined) ops.push('min', 'revokedAt', `${changes.revokedAt}`);
      const fields = fieldsOf(await redis.run(updateScript, byHash(hash), ops));
      return fields && toKey(fields);
    },
    async listByApp(appId) {
      if (!usable(appId)) return [];
      const ids = await redis.send('ZRANGE', [byApp(appId), '0', '-1'], byApp(appId));
      const records = await Promise.all((ids as unknown[]).map((id) => get(String(id))));
      const mine = records.filter((r): r is KeyRecord => r?.appId === appId);
      return mine.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },
  };
}

/**
 * The user store: one hash per app and username.
 *
 * @example
 * ```ts
 * const users = redisUserStore(createCommander({ send }));
 * await users.find('app_42', 'ada');
 * ```
 */
export function redisUserStore(redis: Commander): UserStore {
  // The app id's length makes the key unambiguous: ('a:b', 'c') and ('a', 'b:c') differ.
  const at = (appId: string, username: string) =>
    `${redis.prefix}user:${appId.length}:${appId}:${username}`;
  return {
    async find(appId, username) {
      if (!usable(appId) || !usable(username)) return undefined;
      const key = at(appId, username);
      const fields = fieldsOf(await redis.send('HGETALL', [key], key));
      return fields && toUser(fields);
    },
    async insert(user) {
      checkName(user?.appId, 'user.appId');
      checkName(user.username, 'user.username');
      checkStatus(user.status);
      const { id, appId, username, passwordHash, status } = user;
      const fields = pairs({ id, appId, username, passwordHash, status });
      if ((await redis.run(insertScript, at(appId, username), fields)) !== 1) {
        throw new Error('the app has a user with this username');
      }
    },
    async update(appId, username, changes) {
      if (!usable(appId) || !usable(username)) return undefined;
      const ops: string[] = ['username', username];
      if (changes.passwordHash !== undefined) {
        ops.push('set', 'passwordHash', String(changes.passwordHash));
      }
      if (changes.status !== undefined) ops.push('set', 'status', checkStatus(changes.status));
      const key = at(appId, username);
      const fields = fieldsOf(await redis.run(updateScript, key, ops));
      return fields && toUser(fields);
    },
  };
}
