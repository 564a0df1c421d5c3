// The Redis bucket store on a real redis-server: one round trip per decision, EVALSHA with the
// NOSCRIPT fallback, exact totals when a fleet races on one app, exact refill over a long run,
// and the same debts as the memory store through rate changes (rescaling) of every size.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createMemoryBucketStore, createRateLimiter } from '../../src/rate-limit/index.ts';
import { createRateLimitPolicy } from '../../src/rate-limit/policy.ts';
import { createRedisBucketStore } from '../../src/store/redis.ts';
import { casScript, gcraScript } from '../../src/store/redis/bucket-script.ts';
import { insertScript, revokeScript, updateScript } from '../../src/store/redis/record-scripts.ts';
import { connectClient, countingSend, sendVia, useRedis } from './fixtures/redis-server.ts';

const T0 = 1_700_000_000_000;
const { server, client, send, prefix } = await useRedis('buckets');

describe('Redis scripts', () => {
  it('pins each SHA-1 to its source, as the server computes it', async () => {
    for (const script of [gcraScript, casScript, insertScript, updateScript, revokeScript]) {
      assert.equal(createHash('sha1').update(script.source).digest('hex'), script.sha);
      assert.equal(await client.sendCommand(['SCRIPT', 'LOAD', script.source]), script.sha);
    }
  });
});

describe('createRedisBucketStore', () => {
  it('decides with one EVALSHA a call, after one EVAL to load the script', async () => {
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    const counted = countingSend(send);
    const store = createRedisBucketStore({ send: counted.send, prefix: prefix() });
    const clock = { now: () => T0 };
    const limiter = createRateLimiter({ limit: 50, periodMs: 60_000, store, clock });
    assert.equal((await limiter.consume('app')).remaining, 49);
    assert.deepEqual(Object.fromEntries(counted.counts), { EVALSHA: 1, EVAL: 1 });
    counted.counts.clear();
    const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.consume('app')));
    assert.equal(decisions.filter((d) => d.allowed).length, 49);
    assert.deepEqual(Object.fromEntries(counted.counts), { EVALSHA: 100 });
  });

  it('keeps deciding, and keeps the state, after the script cache is flushed', async () => {
    const counted = countingSend(send);
    const store = createRedisBucketStore({ send: counted.send, prefix: prefix() });
    const clock = { now: () => T0 };
    const limiter = createRateLimiter({ limit: 3, periodMs: 60_000, store, clock });
    assert.equal((await limiter.consume('app', 2)).remaining, 1);
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    counted.counts.clear();
    const d = await limiter.consume('app');
    assert.deepEqual([d.allowed, d.remaining], [true, 0]);
    assert.deepEqual(Object.fromEntries(counted.counts), { EVALSHA: 1, EVAL: 1 });
  });

  it('writes one prefixed key a bucket, which expires once the bucket is full', async () => {
    const p = prefix();
    const counted = countingSend(send);
    const store = createRedisBucketStore({ send: counted.send, prefix: p });
    // 10 a minute: a token is 6 s, so 3 tokens are full again after 18 s (+ 1 s of slack).
    const clock = { now: () => T0 };
    const limiter = createRateLimiter({ limit: 10, periodMs: 60_000, store, clock });
    await limiter.consume('app_42', 3);
    assert.deepEqual(await client.sendCommand(['KEYS', `${p}*`]), [`${p}bucket:app_42`]);
    const ttl = Number(await client.sendCommand(['PTTL', `${p}bucket:app_42`]));
    assert.ok(ttl > 18_000 && ttl <= 19_000, `PTTL ${ttl}`);
    assert.equal(await client.sendCommand(['GET', `${p}bucket:app_42`]), `${T0} 18000 6000/1`);
  });

  it('reads and compare-and-sets the state update wrote, in TATs from originMs', async () => {
    const store = createRedisBucketStore({ send, prefix: prefix(), originMs: T0 - 1_000 });
    const policy = createRateLimitPolicy({ limit: 10, periodMs: 60_000 });
    assert.equal(await store.update('app', T0, 2, policy), 0);
    const state = await store.load('app');
    assert.deepEqual(state, { tat: 1_000 + 12_000, interval: '6000/1' });
    const next = { tat: 1_000 + 18_000, interval: '6000/1' };
    assert.equal(await store.compareAndSet('app', { ...state!, tat: 1 }, next, 18_000), false);
    assert.equal(await store.compareAndSet('app', state, next, 18_000), true);
    assert.equal(await store.update('app', T0, 0, policy), 18_000);
  });

  it('answers the same debts as the memory store through rescales of every size', async () => {
    const policies = [
      createRateLimitPolicy({ limit: 1_000, periodMs: 60_000 }),
      createRateLimitPolicy({ limit: 7, periodMs: 10_000, burst: 5 }),
      createRateLimitPolicy({ limit: 1e12, periodMs: 60_000 }), // 5e7 units a ms
      createRateLimitPolicy({ limit: 1, periodMs: 2 ** 40 }),
      // T = 2^45: a debt of 2^40 times T passes 2^53 (the script's long multiplication).
      createRateLimitPolicy({ limit: 3, periodMs: 2 ** 45, burst: 3 }),
    ];
    const steps = [0, 0, 1, 7, 999, 6_000, 60_000, 2 ** 30];
    const redis = createRedisBucketStore({ send, prefix: prefix() });
    const memory = createMemoryBucketStore();
    let seed = 42;
    const random = (k: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) >> 8) % k;
    let now = T0;
    for (let i = 0; i < 400; i++) {
      now += steps[random(steps.length)]!;
      const policy = policies[random(policies.length)]!;
      const cost = random(5);
      const key = `k${random(3)}`;
      const want = memory.update(key, now, cost, policy);
      assert.equal(await redis.update(key, now, cost, policy), want, `step ${i}`);
    }
  });
});

describe('a fleet on one Redis', () => {
  it('gives 4 racing workers, each with its own client, exactly the capacity', async () => {
    const jobs = [
      { key: 'app_1', attempts: 400, cost: 1 },
      { key: 'app_3', attempts: 150, cost: 3 },
    ];
    const got = await race(4, jobs);
    // 1,000 a minute at a frozen time: 1,000 tokens; 3 at a time: 333 requests, 999 tokens.
    assert.deepEqual(got.map((job) => job.allowed), [1_000, 999]);
    assert.deepEqual(got.map((job) => job.failures), [0, 0]);
  });

  it('admits exactly the theoretical count over a long run at the refill rate', async () => {
    // 7 a second, burst 5; two servers ask twice every 13 ms for 40 simulated seconds.
    let t = T0;
    const clock = { now: () => t };
    const p = prefix();
    const other = await connectClient(server.port);
    const servers = [send, sendVia(other)].map((s) =>
      createRateLimiter({
        limit: 7,
        periodMs: 1_000,
        burst: 5,
        clock,
        store: createRedisBucketStore({ send: s, prefix: p }),
      }),
    );
    const steps = 3_077;
    let allowed = 0;
    try {
      for (let i = 0; i < steps; i++, t += 13) {
        const decisions = await Promise.all(servers.map((s) => s.consume('app')));
        allowed += decisions.filter((d) => d.allowed).length;
        assert.ok(decisions.every((d) => d.reason !== 'store-unavailable'));
      }
    } finally {
      other.destroy();
    }
    // The burst, then one token every 1,000/7 ms of the (steps - 1) * 13 ms that passed.
    assert.equal(allowed, 5 + Math.floor(((steps - 1) * 13 * 7) / 1_000));
    assert.equal(allowed, 284);
  });
});

interface Job {
  readonly key: string;
  readonly attempts: number;
  readonly cost: number;
}

/** Starts `workers` threads on their own clients; each job races them on one key. */
async function race(workers: number, jobs: readonly Job[]) {
  const barrier = new SharedArrayBuffer(8);
  const gate = new Int32Array(barrier);
  const url = new URL('./fixtures/redis-worker.mjs', import.meta.url);
  const workerData = { port: server.port, prefix: prefix(), barrier, jobs, nowMs: T0 };
  let failed = false;
  const results = Array.from({ length: workers }, () => {
    const worker = new Worker(url, { workerData });
    return new Promise<{ allowed: number; failures: number }[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (error) => {
        failed = true;
        reject(error);
      });
    });
  });
  // Release each job once every worker waits at the barrier for it.
  for (let j = 0; j < jobs.length && !failed; j++) {
    while (Atomics.load(gate, 0) < workers * (j + 1) && !failed) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    Atomics.store(gate, 1, j + 1);
    Atomics.notify(gate, 1);
  }
  const got = await Promise.all(results);
  return jobs.map((_, j) => ({
    allowed: got.reduce((sum, r) => sum + r[j]!.allowed, 0),
    failures: got.reduce((sum, r) => sum + r[j]!.failures, 0),
  }));
}
