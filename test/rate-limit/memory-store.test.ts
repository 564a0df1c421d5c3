import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMemoryBucketStore,
  createRateLimiter,
  createRateLimitPolicy,
} from '../../src/rate-limit/index.ts';
import { fakeClock } from './fixtures/clock.ts';

const MINUTE = 60_000;

describe('createMemoryBucketStore', () => {
  it('sweeps only full buckets, so a swept key still reads as full', () => {
    const clock = fakeClock();
    const store = createMemoryBucketStore();
    const limiter = createRateLimiter({ limit: 10, periodMs: MINUTE, store, clock });
    limiter.consume('one', 1); // full again after 6 s
    limiter.consume('all', 10); // full again after 60 s
    clock.advance(6_000);
    assert.equal(store.sweep(clock.now()), 1);
    assert.deepEqual([store.size, store.load('one')], [1, undefined]);
    assert.equal(limiter.consume('one', 0).remaining, 10);
    assert.equal(limiter.consume('all', 0).remaining, 1);
    clock.advance(54_000);
    assert.equal(store.sweep(clock.now()), 1);
    assert.equal(store.size, 0);
  });

  it('reuses swept slots and grows past its first 1,024 slots', () => {
    const clock = fakeClock();
    const store = createMemoryBucketStore();
    const limiter = createRateLimiter({ limit: 5, periodMs: 1_000, store, clock });
    for (let i = 0; i < 3_000; i++) limiter.consume(`k${i}`, 5);
    assert.equal(store.size, 3_000);
    assert.equal(limiter.consume('k2999').allowed, false);
    clock.advance(1_000);
    assert.equal(store.sweep(clock.now()), 3_000);
    for (let i = 0; i < 10; i++) limiter.consume(`new${i}`, 2);
    assert.deepEqual([store.size, limiter.consume('new9', 0).remaining], [10, 3]);
  });

  it('keeps the rate of each key when keys run under two policies, past 1,024 slots', () => {
    const clock = fakeClock();
    const store = createMemoryBucketStore();
    const minute = createRateLimitPolicy({ limit: 10, periodMs: MINUTE });
    const second = createRateLimitPolicy({ limit: 10, periodMs: 1_000 });
    for (let i = 0; i < 2_000; i++) store.update(`k${i}`, clock.now(), 10, i % 2 ? second : minute);
    clock.advance(1_000);
    assert.deepEqual(store.load('k1999'), { tat: clock.now(), interval: '100/1' });
    assert.equal(store.update('k1998', clock.now(), 0, minute), 59_000);
    assert.equal(store.update('k1999', clock.now(), 0, second), 0);
    assert.equal(store.sweep(clock.now()), 1_000);
  });

  it('rebases at the horizon: TATs shift, full buckets go, debts stay exact', () => {
    const clock = fakeClock();
    const store = createMemoryBucketStore();
    const fast = createRateLimitPolicy({ limit: 1e12, periodMs: MINUTE });
    const slow = createRateLimitPolicy({ limit: 10, periodMs: 100 * MINUTE });
    store.update('fast', clock.now(), 1, fast);
    assert.equal(store.originMs, clock.now());
    store.update('idle', clock.now(), 1, fast);
    clock.advance(180_023_000);
    store.update('slow', clock.now(), 3, slow);
    store.update('fast', clock.now(), 1e12, fast);
    clock.advance(1_000);
    assert.equal(store.update('fast', clock.now(), 0, fast), 3e12 - 5e10);
    assert.equal(store.originMs, clock.now());
    assert.equal(store.load('idle'), undefined);
    assert.equal(store.update('slow', clock.now(), 0, slow), 3 * 600_000 - 1_000);
  });

  it('stores and compares states through the port, rate included', () => {
    const store = createMemoryBucketStore();
    assert.equal(store.compareAndSet('k', undefined, { tat: 7, interval: '60/1' }, 7), true);
    const next = { tat: 9, interval: '60/1' };
    assert.equal(store.compareAndSet('k', { tat: 7, interval: '30/1' }, next, 9), false);
    const bad = { ...next, interval: 'x' };
    assert.throws(() => store.compareAndSet('k', undefined, bad, 1), TypeError);
    assert.throws(() => store.compareAndSet('j', undefined, { ...next, tat: 0.5 }, 1), TypeError);
    assert.deepEqual(store.load('k'), { tat: 7, interval: '60/1' });
  });
});
