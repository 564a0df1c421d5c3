import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiKeyAdmin } from '../../src/api-key/admin.ts';
import { generateApiKey } from '../../src/api-key/generate.ts';
import { createApiKeyHasher } from '../../src/api-key/hash.ts';
import type { ApiKeyHasher } from '../../src/api-key/hash.ts';
import { createApiKeyVerifier } from '../../src/api-key/verify.ts';
import type { ApiKeyResult } from '../../src/api-key/verify.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import type { AppStore, KeyRecord, KeyStore } from '../../src/store/types.ts';
import { createAsyncStores } from '../store/fixtures/async-stores.ts';
import { malformedKeys } from './fixtures.ts';

const T0 = 1_700_000_000_000;

interface Counts {
  hash: number;
  lookups: number;
  apps: number;
}

// Memory stores with one active app and key; the hasher and both store reads are counted.
function setup(options: { cacheSize?: number; record?: Partial<KeyRecord> } = {}) {
  let now = T0;
  const clock = { now: () => now };
  const stores = createMemoryStores();
  stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
  const counts: Counts = { hash: 0, lookups: 0, apps: 0 };
  const inner = createApiKeyHasher();
  const hasher: ApiKeyHasher = { hash: (k) => (counts.hash++, inner.hash(k)) };
  const keys: KeyStore = {
    ...stores.keys,
    findByHash: (h) => (counts.lookups++, stores.keys.findByHash(h)),
  };
  const apps: AppStore = { ...stores.apps, get: (id) => (counts.apps++, stores.apps.get(id)) };
  const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', clock });
  const add = (record: Partial<KeyRecord> = {}): { key: string; id: string } => {
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
    const base = { id, appId: 'app_1', start, hash, createdAt: T0 };
    stores.keys.insert({ ...base, status: 'active', ...record });
    return { key, id };
  };
  const { key, id } = add(options.record);
  const cacheSize = options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize };
  const verifier = createApiKeyVerifier({
    stores: { apps, keys },
    prefixes: ['tf_live'],
    hasher,
    clock,
    ...cacheSize,
  });
  const at = (t: number): void => void (now = t);
  return { stores, admin, key, id, add, verifier, counts, at };
}

function codeOf(result: ApiKeyResult | Promise<ApiKeyResult>): string {
  assert.ok(!(result instanceof Promise), 'expected a synchronous result');
  return result.ok ? 'ok' : result.error.code;
}

describe('createApiKeyVerifier cacheSize', () => {
  it('hashes a valid key once for two verifications', () => {
    const { key, id, verifier, counts } = setup({ cacheSize: 10 });
    const first = verifier.verify(key);
    const second = verifier.verify(key);
    assert.equal(codeOf(first), 'ok');
    assert.equal(codeOf(second), 'ok');
    assert.ok(!(second instanceof Promise) && second.ok && second.key.id === id);
    assert.equal(second.app.id, 'app_1');
    assert.equal(counts.hash, 1);
  });

  it('still reads the key record and the app from the stores on every hit', () => {
    const { key, verifier, counts } = setup({ cacheSize: 10 });
    for (let i = 0; i < 3; i++) assert.equal(codeOf(verifier.verify(key)), 'ok');
    assert.deepEqual(counts, { hash: 1, lookups: 3, apps: 3 });
  });

  it('hashes every time by default (cacheSize 0)', () => {
    for (const options of [{}, { cacheSize: 0 }]) {
      const { key, verifier, counts } = setup(options);
      for (let i = 0; i < 3; i++) assert.equal(codeOf(verifier.verify(key)), 'ok');
      assert.equal(counts.hash, 3, JSON.stringify(options));
    }
  });

  it('refuses a cached key at once once the store marks it revoked', () => {
    const { stores, key, id, verifier, counts } = setup({ cacheSize: 10 });
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    stores.keys.update(id, { revokedAt: T0 });
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_REVOKED');
    assert.equal(counts.hash, 1);
  });

  it('refuses a cached key at once once the admin API revokes it', async () => {
    const { admin, key, id, verifier, counts } = setup({ cacheSize: 10 });
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    await admin.revokeKey(id);
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_REVOKED');
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_REVOKED');
    assert.equal(counts.hash, 1);
  });

  it('refuses a cached key from its revokedAt or expiresAt on, by the clock', () => {
    const revoking = setup({ cacheSize: 10, record: { revokedAt: T0 + 1000 } });
    assert.equal(codeOf(revoking.verifier.verify(revoking.key)), 'ok');
    revoking.at(T0 + 999);
    assert.equal(codeOf(revoking.verifier.verify(revoking.key)), 'ok');
    revoking.at(T0 + 1000);
    assert.equal(codeOf(revoking.verifier.verify(revoking.key)), 'ERR_API_KEY_REVOKED');
    assert.equal(revoking.counts.hash, 1);

    const expiring = setup({ cacheSize: 10, record: { expiresAt: T0 + 1000 } });
    assert.equal(codeOf(expiring.verifier.verify(expiring.key)), 'ok');
    expiring.at(T0 + 1000);
    assert.equal(codeOf(expiring.verifier.verify(expiring.key)), 'ERR_API_KEY_EXPIRED');
    assert.equal(expiring.counts.hash, 1);
  });

  it('refuses a cached key once it is disabled, and accepts it again once re-enabled', () => {
    const { stores, key, id, verifier, counts } = setup({ cacheSize: 10 });
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    stores.keys.update(id, { status: 'disabled' });
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_DISABLED');
    stores.keys.update(id, { status: 'active' });
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    assert.equal(counts.hash, 1);
  });

  it('refuses a cached key at once once its app is disabled (store or admin API)', async () => {
    const direct = setup({ cacheSize: 10 });
    assert.equal(codeOf(direct.verifier.verify(direct.key)), 'ok');
    direct.stores.apps.update('app_1', { status: 'disabled' });
    assert.equal(codeOf(direct.verifier.verify(direct.key)), 'ERR_APP_DISABLED');
    assert.equal(direct.counts.hash, 1);

    const viaAdmin = setup({ cacheSize: 10 });
    assert.equal(codeOf(viaAdmin.verifier.verify(viaAdmin.key)), 'ok');
    await viaAdmin.admin.setAppStatus('app_1', 'disabled');
    assert.equal(codeOf(viaAdmin.verifier.verify(viaAdmin.key)), 'ERR_APP_DISABLED');
    assert.equal(viaAdmin.counts.hash, 1);
  });

  it('refuses a cached key whose record is gone or no longer matches its digest', () => {
    const stores = createMemoryStores();
    stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
    const record: KeyRecord = { id, appId: 'app_1', start, hash, createdAt: T0, status: 'active' };
    let answer: KeyRecord | undefined = record;
    let hashes = 0;
    const inner = createApiKeyHasher();
    const verifier = createApiKeyVerifier({
      stores: { apps: stores.apps, keys: { ...stores.keys, findByHash: () => answer } },
      hasher: { hash: (k) => (hashes++, inner.hash(k)) },
      cacheSize: 10,
    });
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    answer = undefined; // deleted
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_UNKNOWN');
    // A store matching loosely: the record of another key comes back for this digest.
    answer = { ...record, hash: generateApiKey({ prefix: 'tf_live' }).hash };
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_UNKNOWN');
    answer = record;
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    assert.equal(hashes, 1);
  });

  it('does not cache well-formed keys that match no record: each is hashed every time', () => {
    const { verifier, counts } = setup({ cacheSize: 10 });
    const stranger = generateApiKey({ prefix: 'tf_live' }).key;
    for (let i = 1; i <= 3; i++) {
      assert.equal(codeOf(verifier.verify(stranger)), 'ERR_API_KEY_UNKNOWN');
      assert.equal(counts.hash, i);
    }
  });

  it('gives malformed keys their syntax codes, hashing and looking up nothing', () => {
    const { key, verifier, counts } = setup({ cacheSize: 10 });
    assert.equal(codeOf(verifier.verify(key)), 'ok'); // the genuine key is cached
    const cases: Array<[unknown, string]> = [
      ...malformedKeys(key),
      [`${key} `, 'ERR_API_KEY_CHARSET'],
      [[key], 'ERR_API_KEY_MISSING'], // not a string, though its text is cached
    ];
    for (let round = 0; round < 2; round++) {
      for (const [input, code] of cases) {
        assert.equal(codeOf(verifier.verify(input)), code, JSON.stringify(input));
      }
    }
    assert.deepEqual(counts, { hash: 1, lookups: 1, apps: 1 });
  });

  it('stays bounded: with cacheSize 2, a third key evicts the first', () => {
    const { key: a, add, verifier, counts } = setup({ cacheSize: 2 });
    const b = add().key;
    const c = add().key;
    for (const key of [a, b, c]) assert.equal(codeOf(verifier.verify(key)), 'ok');
    assert.equal(counts.hash, 3);
    verifier.verify(c);
    verifier.verify(b);
    assert.equal(counts.hash, 3);
    assert.equal(codeOf(verifier.verify(a)), 'ok'); // evicted: hashed again, now evicts b
    assert.equal(counts.hash, 4);
    verifier.verify(c);
    assert.equal(counts.hash, 4);
    verifier.verify(b);
    assert.equal(counts.hash, 5);
  });

  it('caches through promise-returning stores as well', async () => {
    const stores = createAsyncStores();
    await stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
    await stores.keys.insert({ id, appId: 'app_1', start, hash, createdAt: T0, status: 'active' });
    let hashes = 0;
    const inner = createApiKeyHasher();
    const hasher: ApiKeyHasher = { hash: (k) => (hashes++, inner.hash(k)) };
    const verifier = createApiKeyVerifier({ stores, hasher, cacheSize: 10 });
    const first = await verifier.verify(key);
    const second = await verifier.verify(key);
    assert.ok(first.ok && second.ok && second.key.id === id);
    assert.equal(hashes, 1);
    await stores.keys.update(id, { revokedAt: T0 });
    const third = await verifier.verify(key);
    assert.equal(!third.ok && third.error.code, 'ERR_API_KEY_REVOKED');
    assert.equal(hashes, 1);
  });

  it('checks cacheSize: TypeError for a non-integer, RangeError out of 0..10,000,000', () => {
    const stores = createMemoryStores();
    for (const cacheSize of [1.5, '10', NaN, null]) {
      assert.throws(
        () => createApiKeyVerifier({ stores, cacheSize: cacheSize as never }),
        TypeError,
        String(cacheSize),
      );
    }
    for (const cacheSize of [-1, 10_000_001]) {
      assert.throws(() => createApiKeyVerifier({ stores, cacheSize }), RangeError);
    }
    assert.doesNotThrow(() => createApiKeyVerifier({ stores, cacheSize: 10_000_000 }));
  });
});
