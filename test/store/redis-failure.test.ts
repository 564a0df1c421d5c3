// Redis going away mid-run: a limiter answers its configured policy (closed, open, or the
// in-memory fallback), the guard answers 503, a frozen server is cut off by the deadline, and
// once Redis is back the decisions are Redis's again, with no restart of anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClient } from 'redis';
import { createApiKeyAdmin } from '../../src/api-key/admin.ts';
import type { AuthError } from '../../src/errors.ts';
import { createGuard } from '../../src/guard/guard.ts';
import { createRateLimiter } from '../../src/rate-limit/index.ts';
import type { StoreErrorPolicy } from '../../src/rate-limit/index.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import { createRedisBucketStore, createRedisStores } from '../../src/store/redis.ts';
import type { RedisSend } from '../../src/store/redis.ts';
import { countingSend, sendVia, useRedis } from './fixtures/redis-server.ts';

const T0 = 1_800_000_000_000;
const SECRET = new Uint8Array(32).fill(7);
const { server, client, send, prefix } = await useRedis('failure');

/** Waits until the client has reconnected (it retries every 20 ms). */
async function ready(c: { isReady: boolean; once(event: 'ready', fn: () => void): unknown }) {
  if (!c.isReady) await new Promise<void>((resolve) => c.once('ready', resolve));
}

function limiterOn(onStoreError: StoreErrorPolicy, redis: RedisSend = send, timeoutMs = 1_000) {
  const reported: AuthError[] = [];
  const store = createRedisBucketStore({ send: redis, prefix: prefix(), timeoutMs });
  const limiter = createRateLimiter({
    limit: 5,
    periodMs: 60_000,
    store,
    clock: { now: () => T0 },
    onStoreError,
    reportError: (error) => reported.push(error),
  });
  const decide = async () => {
    const d = await limiter.consume('app');
    return [d.allowed, d.remaining, d.reason];
  };
  return { limiter, reported, decide };
}

describe('a limiter on Redis when Redis stops', () => {
  it('closed: denies as store-unavailable, then decides on Redis once it is back', async () => {
    const counted = countingSend(send);
    const { reported, decide } = limiterOn('closed', counted.send);
    assert.deepEqual(await decide(), [true, 4, undefined]);
    await server.stop('SIGKILL');
    assert.deepEqual(await decide(), [false, 0, 'store-unavailable']);
    assert.equal(reported[0]?.code, 'ERR_STORE_UNAVAILABLE');
    assert.ok(reported[0]?.cause !== undefined);

    await server.start();
    await ready(client);
    counted.counts.clear();
    // A new, empty server: a full bucket, and a script cache to fill again (NOSCRIPT, EVAL).
    assert.deepEqual(await decide(), [true, 4, undefined]);
    assert.deepEqual(Object.fromEntries(counted.counts), { EVALSHA: 1, EVAL: 1 });
  });

  it('open: allows as store-unavailable-open while Redis is away', async () => {
    const { decide } = limiterOn('open');
    assert.deepEqual(await decide(), [true, 4, undefined]);
    await server.stop('SIGKILL');
    assert.deepEqual(await decide(), [true, 0, 'store-unavailable-open']);
    await server.start();
    await ready(client);
    assert.deepEqual(await decide(), [true, 4, undefined]);
  });

  it('fallback: the in-memory limiter decides, with its own budget', async () => {
    const fallback = createRateLimiter({ limit: 2, periodMs: 60_000, clock: { now: () => T0 } });
    const { decide } = limiterOn(fallback);
    assert.deepEqual(await decide(), [true, 4, undefined]);
    await server.stop('SIGKILL');
    assert.deepEqual(await decide(), [true, 1, 'store-unavailable-fallback']);
    assert.deepEqual(await decide(), [true, 0, 'store-unavailable-fallback']);
    assert.deepEqual(await decide(), [false, 0, 'rate-limited']);
    await server.start();
    await ready(client);
    assert.deepEqual(await decide(), [true, 4, undefined]);
  });

  it('settles every call in flight when Redis dies under them, none with an error', async () => {
    const { limiter } = limiterOn('closed');
    const calls = Array.from({ length: 200 }, () => limiter.consume('app'));
    await server.stop('SIGKILL');
    const decisions = await Promise.all(calls);
    const reasons = new Set(decisions.map((d) => d.reason ?? 'redis'));
    const expected = ['redis', 'rate-limited', 'store-unavailable'];
    assert.ok([...reasons].every((r) => expected.includes(r)), [...reasons].join());
    assert.ok(decisions.filter((d) => d.allowed).length <= 5);
    await server.start();
    await ready(client);
  });

  it('cuts off a server that stops answering at timeoutMs, then uses it again', async () => {
    const { reported, decide } = limiterOn('closed', send, 200);
    assert.deepEqual(await decide(), [true, 4, undefined]);
    server.pause();
    assert.deepEqual(await decide(), [false, 0, 'store-unavailable']);
    assert.match(reported[0]?.message ?? '', /did not answer EVALSHA within 200 ms/);
    server.resume();
    // The call that timed out still ran once the server woke: it took a token.
    assert.deepEqual(await decide(), [true, 2, undefined]);
  });

  it('bounds each call by timeoutMs even when the client queues while offline', async () => {
    const queuing = createClient({
      socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: () => 20 },
    });
    queuing.on('error', () => {});
    await queuing.connect();
    try {
      const { reported, decide } = limiterOn('closed', sendVia(queuing as never), 200);
      assert.deepEqual(await decide(), [true, 4, undefined]);
      await server.stop('SIGKILL');
      assert.deepEqual(await decide(), [false, 0, 'store-unavailable']);
      assert.match(reported[0]?.message ?? '', /did not answer/);
      await server.start();
      await ready(queuing);
      assert.deepEqual(await decide(), [true, 4, undefined]);
    } finally {
      queuing.destroy();
    }
  });
});

describe('the guard on Redis when Redis stops', () => {
  it('answers 503 from the bucket store, no Retry-After, then charges on Redis again', async () => {
    const stores = { ...createMemoryStores(), buckets: createRedisBucketStore({ send }) };
    const clock = { now: () => T0 };
    const admin = createApiKeyAdmin({ stores, prefix: 'tf_test', clock });
    const app = await admin.createApp({ name: 'One' });
    const { key } = await admin.createKey(app.id);
    const guard = createGuard({ stores, jwt: { secret: SECRET }, clock });
    const charge = async () => {
      const r = await guard.authenticate({ 'x-api-key': key });
      return r.ok ? ['ok'] : [r.status, r.code, r.headers['Retry-After']];
    };
    // No JWT: the app is charged, then the missing token is refused (401).
    assert.deepEqual(await charge(), [401, 'ERR_JWT_MISSING', undefined]);
    await server.stop('SIGKILL');
    assert.deepEqual(await charge(), [503, 'ERR_STORE_UNAVAILABLE', undefined]);
    await server.start();
    await ready(client);
    assert.deepEqual(await charge(), [401, 'ERR_JWT_MISSING', undefined]);
  });

  it('answers 503 for every store while Redis is frozen, and serves again after', async () => {
    const stores = createRedisStores({ send, prefix: prefix(), timeoutMs: 200 });
    const clock = { now: () => T0 };
    const admin = createApiKeyAdmin({ stores, prefix: 'tf_test', clock });
    const app = await admin.createApp({ name: 'One' });
    const { key } = await admin.createKey(app.id);
    const guard = createGuard({ stores, jwt: { secret: SECRET }, clock });
    const authenticate = async () => {
      const r = await guard.authenticate({ 'x-api-key': key });
      return r.ok ? 'ok' : `${r.status} ${r.code}`;
    };
    assert.equal(await authenticate(), '401 ERR_JWT_MISSING');
    server.pause();
    assert.equal(await authenticate(), '503 ERR_STORE_UNAVAILABLE');
    server.resume();
    assert.equal(await authenticate(), '401 ERR_JWT_MISSING');
  });
});
