import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryRevocationStore } from '../../src/store/revocation.ts';

describe('createMemoryRevocationStore', () => {
  it('reports a revoked jti until its expiry, then forgets it', () => {
    const store = createMemoryRevocationStore();
    store.revoke('a', 2_000);
    assert.equal(store.isRevoked('a', 1_999), true);
    assert.equal(store.isRevoked('b', 1_999), false);
    assert.equal(store.isRevoked('a', 2_000), false);
    assert.equal(store.size, 0);
  });

  it('sweep drops only expired entries', () => {
    const store = createMemoryRevocationStore();
    store.revoke('old', 1_000);
    store.revoke('new', 5_000);
    assert.equal(store.sweep(1_000), 1);
    assert.equal(store.size, 1);
    assert.equal(store.isRevoked('new', 4_999), true);
  });

  it('stays bounded by live tokens under a flood of short-lived revocations', () => {
    const store = createMemoryRevocationStore();
    for (let i = 0; i < 50_000; i++) {
      store.isRevoked('probe', i);
      store.revoke(`jti-${i}`, i + 10);
    }
    assert.ok(store.size <= 2048, `size ${store.size}`);
    assert.equal(store.isRevoked('jti-49999', 49_999), true);
  });

  it('rejects a missing jti or a non-finite expiry', () => {
    const store = createMemoryRevocationStore();
    assert.throws(() => store.revoke('', 1), TypeError);
    assert.throws(() => store.revoke('a', Number.NaN), TypeError);
  });
});
