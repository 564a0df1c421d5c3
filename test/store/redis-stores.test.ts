// The Redis stores beyond the conformance suite: options, deadlines and client failures (on a
// fake client), then, on a real redis-server, the key layout, unambiguous keys, malformed data,
// revocation TTLs, a RESP3 client, and two guards sharing one Redis as two servers would.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createApiKeyAdmin } from '../../src/api-key/admin.ts';
import type { AuthError } from '../../src/errors.ts';
import { createGuard } from '../../src/guard/guard.ts';
import { createPasswordHasher } from '../../src/password/index.ts';
import { createRateLimiter } from '../../src/rate-limit/index.ts';
import {
  createRedisBucketStore,
  createRedisRevocationStore,
  createRedisStores,
} from '../../src/store/redis.ts';
import type { RedisSend } from '../../src/store/redis.ts';
import { runStoreConformance } from '../../src/testing.ts';
import { connectClient, sendVia, startRedisServer } from './fixtures/redis-server.ts';

const T0 = 1_800_000_000_000;
const code = (error: unknown) => (error as AuthError).code;

describe('Redis store options', () => {
  it('throws TypeError or RangeError for bad options, at creation', () => {
    const send: RedisSend = async () => null;
    assert.throws(() => createRedisStores(undefined as never), TypeError);
    assert.throws(() => createRedisStores({} as never), TypeError);
    assert.throws(() => createRedisStores({ send, prefix: 1 as never }), TypeError);
    assert.throws(() => createRedisStores({ send, timeoutMs: -1 }), RangeError);
    assert.throws(() => createRedisStores({ send, timeoutMs: 1.5 }), RangeError);
    assert.throws(() => createRedisBucketStore({ send, originMs: 0.5 }), RangeError);
    assert.throws(() => createRedisRevocationStore({ send, marginMs: -1 }), RangeError);
    assert.throws(() => createRedisRevocationStore({ send, clock: {} as never }), TypeError);
  });
});

describe('Redis commands, on a fake client', () => {
  it('fails a command unanswered after timeoutMs, and none that was answered', async () => {
    // GET <prefix>jti:<jti>: 'hang' never answers, the others answer an expiry after T0.
    const send: RedisSend = (_command, _args, key) =>
      key.endsWith(':hang') ? new Promise(() => {}) : Promise.resolve(String(T0 + 1));
    const { revocations } = createRedisStores({ send, timeoutMs: 20 });
    const answered = Array.from({ length: 100 }, (_, i) => revocations.isRevoked(`j${i}`, T0));
    const hung = revocations.isRevoked('hang', T0);
    assert.deepEqual(new Set(await Promise.all(answered)), new Set([true]));
    await assert.rejects(async () => hung, (error: Error) => code(error) === 'ERR_STORE_UNAVAILABLE'
      && /did not answer GET within 20 ms/.test(error.message));
  });

  it('wraps what a client throws or rejects as ERR_STORE_UNAVAILABLE, with the cause', async () => {
    const cause = new Error('socket closed');
    const throwing = createRedisStores({ send: () => { throw cause; } });
    const rejecting = createRedisStores({ send: () => Promise.reject(cause), timeoutMs: 0 });
    for (const stores of [throwing, rejecting]) {
      await assert.rejects(async () => stores.apps.get('app_1'), (error: Error) =>
        code(error) === 'ERR_STORE_UNAVAILABLE' && error.cause === cause);
    }
  });

  it('leaves a malformed bucket reply to the limiter, which reports it', async () => {
    const reported: AuthError[] = [];
    const store = createRedisBucketStore({ send: async () => 'OK' });
    const limiter = createRateLimiter({
      limit: 5,
      periodMs: 60_000,
      store,
      clock: { now: () => T0 },
      reportError: (error) => reported.push(error),
    });
    const d = await limiter.consume('app');
    assert.deepEqual([d.allowed, d.reason, reported[0]?.code],
      [false, 'store-unavailable', 'ERR_STORE_UNAVAILABLE']);
  });
});

describe('Redis stores, on redis-server', async () => {
  const server = await startRedisServer();
  const client = await connectClient(server.port);
  // A RESP3 client answers HGETALL with a map instead of a flat array.
  const resp3 = createClient({ socket: { host: '127.0.0.1', port: server.port }, RESP: 3 });
  await resp3.connect();
  after(async () => {
    client.destroy();
    resp3.destroy();
    await server.stop();
  });
  const send = sendVia(client);
  let n = 0;
  const prefix = () => `stores${++n}:`;
  const keysUnder = async (p: string) =>
    ((await client.sendCommand(['KEYS', `${p}*`])) as string[]).map((k) => k.slice(p.length));

  it('keeps one key a record, an id claim and an index a key, each under the prefix', async () => {
    const p = prefix();
    const stores = createRedisStores({ send, prefix: p });
    const admin = createApiKeyAdmin({ stores, prefix: 'tf_test', clock: { now: () => T0 } });
    const app = await admin.createApp({ id: 'app_1', name: 'One' });
    const { record } = await admin.createKey(app.id);
    await stores.users.insert({
      id: 'u1', appId: app.id, username: 'ada', passwordHash: '$x', status: 'active',
    });
    await stores.revocations.revoke('jti_1', T0 + 60_000);
    assert.deepEqual((await keysUnder(p)).sort(), [
      'app-keys:app_1', 'app:app_1', 'jti:jti_1', `key-id:${record.id}`, `key:${record.hash}`,
      'user:5:app_1:ada',
    ]);
  });

  it('keeps users apart whose app id and username split the same string', async () => {
    const { users } = createRedisStores({ send, prefix: prefix() });
    const user = { id: 'u1', passwordHash: '$x', status: 'active' } as const;
    await users.insert({ ...user, appId: 'a:b', username: 'c' });
    await users.insert({ ...user, id: 'u2', appId: 'a', username: 'b:c' });
    assert.equal((await users.find('a:b', 'c'))?.id, 'u1');
    assert.equal((await users.find('a', 'b:c'))?.id, 'u2');
  });

  it('refuses names with a lone surrogate, which Redis would merge into U+FFFD', async () => {
    const { apps, users } = createRedisStores({ send, prefix: prefix() });
    await assert.rejects(async () => apps.insert({ id: 'app_\uD800', name: 'x', status: 'active' }),
      TypeError);
    await users.insert({ id: 'u', appId: 'a', username: '\uFFFD', passwordHash: '$x',
      status: 'active' });
    assert.equal(await users.find('a', '\uD800'), undefined);
  });

  it('answers ERR_STORE_UNAVAILABLE for a record that does not parse', async () => {
    const p = prefix();
    const { apps, keys } = createRedisStores({ send, prefix: p });
    await client.sendCommand(['HSET', `${p}app:app_1`, 'id', 'app_1', 'name', 'x', 'status', '?']);
    await client.sendCommand(['HSET', `${p}key:abc`, 'id', 'k', 'createdAt', '1e3']);
    await assert.rejects(async () => apps.get('app_1'), (e) => code(e) === 'ERR_STORE_UNAVAILABLE');
    await assert.rejects(async () => keys.findByHash('abc'),
      (e) => code(e) === 'ERR_STORE_UNAVAILABLE');
  });

  it('never serves or changes a key through an id claim a failed insert left', async () => {
    const p = prefix();
    const { keys } = createRedisStores({ send, prefix: p });
    const record = {
      id: 'key_a', appId: 'app_1', start: 'tf_', hash: 'f'.repeat(64), createdAt: T0,
      status: 'active',
    } as const;
    await keys.insert(record);
    await client.sendCommand(['SET', `${p}key-id:key_b`, record.hash]); // a dangling claim
    assert.equal(await keys.get('key_b'), undefined);
    assert.equal(await keys.update('key_b', { status: 'disabled' }), undefined);
    assert.equal((await keys.get('key_a'))?.status, 'active');
  });

  it('sets a revocation TTL from its clock, and decides by the nowMs passed in', async () => {
    const p = prefix();
    const revocations = createRedisRevocationStore({
      send, prefix: p, clock: { now: () => T0 }, marginMs: 5_000,
    });
    await revocations.revoke('a', T0 + 60_000.5);
    await revocations.revoke('old', T0 - 10 * 60_000);
    const ttl = Number(await client.sendCommand(['PTTL', `${p}jti:a`]));
    assert.ok(ttl > 60_000 && ttl <= 65_001, `PTTL ${ttl}`);
    assert.equal(await client.sendCommand(['GET', `${p}jti:a`]), String(T0 + 60_001));
    // Expired before the clock's now: kept only for the margin, and not revoked at T0.
    assert.ok(Number(await client.sendCommand(['PTTL', `${p}jti:old`])) <= 5_000);
    assert.deepEqual([await revocations.isRevoked('old', T0), await revocations.isRevoked('a', T0)],
      [false, true]);
  });

  it('serves a fleet: login on one guard, authenticate and logout on another', async () => {
    const p = prefix();
    const clock = { now: () => T0 };
    const passwords = createPasswordHasher({ iterations: 1_000 });
    const other = await connectClient(server.port);
    try {
      const guards = [send, sendVia(other)].map((s) => createGuard({
        stores: createRedisStores({ send: s, prefix: p, clock }),
        jwt: { secret: new Uint8Array(32).fill(7) },
        rateLimit: { limit: 4, periodMs: 60_000 },
        password: passwords,
        clock,
      }));
      const stores = createRedisStores({ send, prefix: p });
      const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', clock });
      const app = await admin.createApp({ name: 'Mobile' });
      const { key } = await admin.createKey(app.id);
      await stores.users.insert({ id: 'u1', appId: app.id, username: 'ada',
        passwordHash: await passwords.hash('lovelace'), status: 'active' });

      const [a, b] = guards as [ReturnType<typeof createGuard>, ReturnType<typeof createGuard>];
      const login = await a.login({ apiKey: key, username: 'ada', password: 'lovelace' });
      assert.ok(login.ok);
      const request = { 'x-api-key': key, authorization: `Bearer ${login.access_token}` };
      const first = await b.authenticate(request);
      assert.ok(first.ok);
      // One bucket for the app on both servers: 4 a minute, the login took one.
      assert.equal(first.rateLimit.remaining, 2);
      await a.revoke(first.claims);
      for (const guard of [b, a]) {
        const revoked = await guard.authenticate(request);
        assert.deepEqual(!revoked.ok && revoked.code, 'ERR_JWT_REVOKED');
      }
      // The revoked requests took the last two tokens (the app is charged before the JWT).
      const last = await b.authenticate(request);
      assert.deepEqual(!last.ok && [last.status, last.code], [429, 'ERR_RATE_LIMITED']);
    } finally {
      other.destroy();
    }
  });

  let m = 0;
  runStoreConformance(
    () => createRedisStores({ send: sendVia(resp3 as never), prefix: `resp3${++m}:` }),
    { name: 'Redis stores on a RESP3 client' },
  );
});
