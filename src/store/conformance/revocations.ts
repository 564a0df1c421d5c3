// Conformance of a RevocationStore: revoked until the expiry given, then forgotten; ids kept
// apart; times passed in by the caller.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RevocationStore } from '../revocation.ts';
import type { Run } from './run.ts';
import { uniqueId } from './run.ts';

const T0 = 1_700_000_000_000;

/**
 * Registers the revocation store tests.
 *
 * @example
 * ```ts
 * describe('RevocationStore', () => revocationStoreTests(run));
 * ```
 */
export function revocationStoreTests(run: Run): void {
  const on = (fn: (store: RevocationStore) => unknown) =>
    run((stores) => fn(stores.revocations as RevocationStore));

  it('reports a revoked jti until its expiry, exclusive', on(async (store) => {
    const jti = uniqueId('jti');
    await store.revoke(jti, T0 + 60_000);
    assert.equal(await store.isRevoked(jti, T0), true);
    assert.equal(await store.isRevoked(jti, T0 + 59_999), true);
    assert.equal(await store.isRevoked(jti, T0 + 60_000), false);
  }));

  it('does not report other ids', on(async (store) => {
    const jti = uniqueId('jti');
    await store.revoke(jti, T0 + 60_000);
    assert.equal(await store.isRevoked(uniqueId('jti'), T0), false);
    assert.equal(await store.isRevoked(`${jti}x`, T0), false);
  }));

  it('keeps the later expiry when a jti is revoked twice', on(async (store) => {
    const jti = uniqueId('jti');
    await store.revoke(jti, T0 + 120_000);
    await store.revoke(jti, T0 + 60_000);
    assert.equal(await store.isRevoked(jti, T0 + 90_000), true);
  }));
}
