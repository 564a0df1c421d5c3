import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import {
  attachSharedBucketStore,
  createRateLimiter,
  createRateLimitPolicy,
  createSharedBucketStore,
} from '../../src/rate-limit/index.ts';
import type { AuthError } from '../../src/errors.ts';
import { fakeClock } from './fixtures/clock.ts';

const MINUTE = 60_000;
const workerUrl = new URL('./fixtures/shared-worker.mjs', import.meta.url);

/** Starts `n` workers on one table and key, releases them at once, sums what they got. */
async function race(n: number, attempts: number, cost: number) {
  const store = createSharedBucketStore({ maxKeys: 16 });
  const barrier = new SharedArrayBuffer(8);
  const gate = new Int32Array(barrier);
  let failed = false;
  const results = Array.from({ length: n }, () => {
    const worker = new Worker(workerUrl, {
      workerData: { buckets: store.buffer, barrier, key: 'app_42', attempts, cost, nowMs: 1e12 },
    });
    return new Promise<{ allowed: number; failures: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (error) => {
        failed = true;
        reject(error);
      });
    });
  });
  // Release the workers together once all wait at the barrier (or stop if one failed).
  while (Atomics.load(gate, 0) < n && !failed) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  Atomics.store(gate, 1, 1);
  Atomics.notify(gate, 1);
  const got = await Promise.all(results);
  return { store, got };
}

describe('createSharedBucketStore', () => {
  it('lets 4 racing worker threads take exactly the capacity of one bucket', async () => {
    const { store, got } = await race(4, 1_000, 1);
    assert.equal(got.reduce((sum, r) => sum + r.allowed, 0), 1_000);
    assert.equal(got.reduce((sum, r) => sum + r.failures, 0), 0);
    assert.equal(store.size, 1);
  });

  it('lets 4 racing workers spending 3 tokens a request take 999 of 1,000', async () => {
    const { got } = await race(4, 400, 3);
    assert.equal(got.reduce((sum, r) => sum + r.allowed, 0), 999);
  });

  it('shares one budget between stores attached to the same buffer', () => {
    const clock = fakeClock();
    const main = createSharedBucketStore();
    const a = createRateLimiter({ limit: 10, periodMs: MINUTE, store: main, clock });
    const other = attachSharedBucketStore(main.buffer);
    const b = createRateLimiter({ limit: 10, periodMs: MINUTE, store: other, clock });
    assert.equal(a.consume('app', 6).remaining, 4);
    assert.equal(b.consume('app', 4).remaining, 0);
    assert.equal(a.consume('app').allowed, false);
  });

  it('reports a full table as a store failure, never a silent pass', () => {
    const reported: AuthError[] = [];
    const limiter = createRateLimiter({
      limit: 10,
      periodMs: MINUTE,
      store: createSharedBucketStore({ maxKeys: 2 }),
      clock: fakeClock(),
      reportError: (error) => reported.push(error),
    });
    assert.equal(limiter.consume('a').allowed, true);
    assert.equal(limiter.consume('b').allowed, true);
    const d = limiter.consume('c');
    assert.deepEqual([d.allowed, d.reason], [false, 'store-unavailable']);
    assert.match(reported[0]!.message, /no room for another key/);
    assert.equal(limiter.consume('a').remaining, 8);
  });

  it('reports a policy past its horizon from the table origin', () => {
    const reported: AuthError[] = [];
    const limiter = createRateLimiter({
      limit: 1e12, periodMs: MINUTE, store: createSharedBucketStore({ originMs: 0 }),
      clock: fakeClock(), reportError: (error) => reported.push(error),
    });
    assert.equal(limiter.consume('app').reason, 'store-unavailable');
    assert.match(reported[0]!.message, /horizon/);
  });

  it('takes its origin from the first update, so fast policies work from then on', () => {
    const clock = fakeClock();
    const store = createSharedBucketStore();
    const limiter = createRateLimiter({ limit: 1e12, periodMs: MINUTE, store, clock });
    assert.equal(limiter.consume('app', 1e12).remaining, 0);
    clock.advance(1);
    assert.equal(limiter.consume('app', 0).remaining, 16_666_666);
    assert.equal(store.originMs, clock.now() - 1);
  });

  it('keeps the tokens owed when a key changes policy', () => {
    const limiter = createRateLimiter({
      limit: 1_000, periodMs: MINUTE, store: createSharedBucketStore(), clock: fakeClock(),
    });
    limiter.consume('app', 1_000);
    const raised = createRateLimitPolicy({ limit: 2_000, periodMs: MINUTE });
    assert.equal(limiter.consume('app', 0, raised).remaining, 1_000);
  });

  it('refuses a buffer that is not a shared bucket table, and bad sizes', () => {
    assert.throws(() => attachSharedBucketStore(new SharedArrayBuffer(64)), TypeError);
    assert.throws(() => attachSharedBucketStore(new ArrayBuffer(1 << 16) as never), TypeError);
    assert.throws(() => createSharedBucketStore({ maxKeys: 0 }), RangeError);
    assert.throws(() => createSharedBucketStore({ originMs: -1 }), RangeError);
  });

  it('sizes the table at 16 bytes a slot, 4/3 slots a key rounded up to a power of two', () => {
    const store = createSharedBucketStore({ maxKeys: 1_000 });
    assert.equal(store.buffer.byteLength, 8 * (8 + 2 * 2_048) + 16 * 2_048);
  });
});
