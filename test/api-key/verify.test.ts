import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateApiKey } from '../../src/api-key/generate.ts';
import { createApiKeyHasher } from '../../src/api-key/hash.ts';
import { createApiKeyVerifier } from '../../src/api-key/verify.ts';
import type { ApiKeyResult } from '../../src/api-key/verify.ts';
import { portableCrypto } from '../../src/crypto/portable.ts';
import { AuthError } from '../../src/errors.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import type { AppStore, KeyRecord, KeyStore } from '../../src/store/types.ts';
import { createAsyncStores } from '../store/fixtures/async-stores.ts';
import { malformedKeys } from './fixtures.ts';

const T0 = 1_700_000_000_000;

function setup(record: Partial<KeyRecord> = {}, prefix = 'tf_live') {
  let now = T0;
  const clock = { now: () => now };
  const stores = createMemoryStores();
  stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
  const { key, id, start, hash } = generateApiKey({ prefix });
  const base = { id, appId: 'app_1', start, hash, createdAt: T0 };
  stores.keys.insert({ ...base, status: 'active', ...record });
  const verifier = createApiKeyVerifier({ stores, prefixes: ['tf_live'], clock });
  const at = (t: number): void => void (now = t);
  return { stores, key, id, verifier, at };
}

function codeOf(result: ApiKeyResult | Promise<ApiKeyResult>): string {
  assert.ok(!(result instanceof Promise), 'expected a synchronous result');
  return result.ok ? 'ok' : result.error.code;
}

// A key store whose lookups are counted, to prove that malformed keys cost no lookup.
function countingKeys(inner: KeyStore): { keys: KeyStore; lookups: () => number } {
  let n = 0;
  const keys = { ...inner, findByHash: (h: string) => (n++, inner.findByHash(h)) };
  return { keys, lookups: () => n };
}

describe('createApiKeyVerifier', () => {
  it('verifies a generated key synchronously with the memory stores', () => {
    const { key, id, verifier } = setup();
    const result = verifier.verify(key);
    assert.ok(!(result instanceof Promise) && result.ok);
    assert.equal(result.app.id, 'app_1');
    assert.equal(result.key.id, id);
  });

  it('verifies through promise-returning stores, resolving to the same result', async () => {
    const stores = createAsyncStores();
    await stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
    await stores.keys.insert({ id, appId: 'app_1', start, hash, createdAt: T0, status: 'active' });
    const pending = createApiKeyVerifier({ stores }).verify(key);
    assert.ok(pending instanceof Promise);
    const result = await pending;
    assert.ok(result.ok && result.key.id === id && result.app.name === 'Mobile');
  });

  it('rejects each malformed key with its own code and no store lookup', () => {
    const { stores, key } = setup();
    const counted = countingKeys(stores.keys);
    const verifier = createApiKeyVerifier({
      stores: { apps: stores.apps, keys: counted.keys },
      prefixes: ['tf_live'],
    });
    const cases = malformedKeys(key);
    for (const [input, code] of cases) assert.equal(codeOf(verifier.verify(input)), code);
    assert.equal(counted.lookups(), 0);
  });

  it('answers ERR_API_KEY_UNKNOWN for a well-formed key not in the store', () => {
    const { verifier } = setup();
    const stranger = generateApiKey({ prefix: 'tf_live' }).key;
    assert.equal(codeOf(verifier.verify(stranger)), 'ERR_API_KEY_UNKNOWN');
  });

  it('answers ERR_API_KEY_UNKNOWN when the store returns a record of another hash', () => {
    const { stores, key } = setup();
    const other = generateApiKey({ prefix: 'tf_live' });
    const loose: KeyStore = {
      ...stores.keys,
      findByHash: () => ({ ...stores.keys.listByApp('app_1')[0]!, hash: other.hash }),
    };
    const verifier = createApiKeyVerifier({ stores: { apps: stores.apps, keys: loose } });
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_UNKNOWN');
  });

  it('answers ERR_API_KEY_REVOKED from revokedAt on, and ok just before', () => {
    const { key, verifier, at } = setup({ revokedAt: T0 + 1000 });
    at(T0 + 999);
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    at(T0 + 1000);
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_REVOKED');
  });

  it('answers ERR_API_KEY_EXPIRED from expiresAt on, and ok just before', () => {
    const { key, verifier, at } = setup({ expiresAt: T0 + 60_000 });
    at(T0 + 59_999);
    assert.equal(codeOf(verifier.verify(key)), 'ok');
    at(T0 + 60_000);
    assert.equal(codeOf(verifier.verify(key)), 'ERR_API_KEY_EXPIRED');
  });

  it('answers ERR_API_KEY_DISABLED for a disabled key, or a status it does not know', () => {
    const disabled = setup({ status: 'disabled' });
    assert.equal(codeOf(disabled.verifier.verify(disabled.key)), 'ERR_API_KEY_DISABLED');
    const odd = setup({ status: 'suspended' as never });
    assert.equal(codeOf(odd.verifier.verify(odd.key)), 'ERR_API_KEY_DISABLED');
  });

  it('reports revoked before expired before disabled', () => {
    const all = setup({ revokedAt: T0, expiresAt: T0, status: 'disabled' });
    assert.equal(codeOf(all.verifier.verify(all.key)), 'ERR_API_KEY_REVOKED');
    const two = setup({ expiresAt: T0, status: 'disabled' });
    assert.equal(codeOf(two.verifier.verify(two.key)), 'ERR_API_KEY_EXPIRED');
  });

  it('reads the clock only for a key that has a revocation or expiry time', () => {
    let reads = 0;
    const stores = createMemoryStores();
    stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
    const forever = generateApiKey({ prefix: 'tf_live' });
    const ending = generateApiKey({ prefix: 'tf_live' });
    const base = { appId: 'app_1', createdAt: T0, status: 'active' } as const;
    stores.keys.insert({ ...base, id: forever.id, start: forever.start, hash: forever.hash });
    const { id, start, hash } = ending;
    stores.keys.insert({ ...base, id, start, hash, expiresAt: T0 + 1 });
    const clock = { now: () => (reads++, T0) };
    const verifier = createApiKeyVerifier({ stores, clock });
    assert.equal(codeOf(verifier.verify(forever.key)), 'ok');
    assert.equal(reads, 0);
    assert.equal(codeOf(verifier.verify(ending.key)), 'ok');
    assert.equal(reads, 1);
  });

  it('fails closed on a revocation or expiry time the store mangled', () => {
    const revoked = setup({ revokedAt: 'soon' as never });
    assert.equal(codeOf(revoked.verifier.verify(revoked.key)), 'ERR_API_KEY_REVOKED');
    const expired = setup({ expiresAt: Number.NaN });
    assert.equal(codeOf(expired.verifier.verify(expired.key)), 'ERR_API_KEY_EXPIRED');
    const nulls = setup({ revokedAt: null as never, expiresAt: null as never });
    assert.equal(codeOf(nulls.verifier.verify(nulls.key)), 'ok');
  });

  it('answers ERR_APP_UNKNOWN and ERR_APP_DISABLED for the app behind the key', () => {
    const gone = setup({ appId: 'app_gone' });
    assert.equal(codeOf(gone.verifier.verify(gone.key)), 'ERR_APP_UNKNOWN');
    const off = setup();
    off.stores.apps.update('app_1', { status: 'disabled' });
    assert.equal(codeOf(off.verifier.verify(off.key)), 'ERR_APP_DISABLED');
  });

  it('verifies keys stored under a pepper only with the same pepper', () => {
    const hasher = createApiKeyHasher({ pepper: 'p'.repeat(32), crypto: portableCrypto });
    const stores = createMemoryStores();
    stores.apps.insert({ id: 'app_1', name: 'Mobile', status: 'active' });
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live', hasher });
    stores.keys.insert({ id, appId: 'app_1', start, hash, createdAt: T0, status: 'active' });
    assert.equal(codeOf(createApiKeyVerifier({ stores, hasher }).verify(key)), 'ok');
    assert.equal(codeOf(createApiKeyVerifier({ stores }).verify(key)), 'ERR_API_KEY_UNKNOWN');
  });

  it('names neither the key nor its hash in error messages', () => {
    const { key, verifier } = setup({ status: 'disabled' });
    const result = verifier.verify(key);
    assert.ok(!(result instanceof Promise) && !result.ok);
    assert.ok(!result.error.message.includes(key.slice(8, 20)));
    assert.equal(result.error.field, 'apiKey');
  });
});

describe('createApiKeyVerifier, when a store fails', () => {
  const boom = new Error('connection refused');
  const { stores, key } = setup();
  const throwingKeys: KeyStore = { ...stores.keys, findByHash: () => { throw boom; } };
  const rejectingKeys: KeyStore = { ...stores.keys, findByHash: () => Promise.reject(boom) };
  const throwingApps: AppStore = { ...stores.apps, get: () => { throw boom; } };
  const rejectingApps: AppStore = { ...stores.apps, get: () => Promise.reject(boom) };

  const cases: Array<[string, KeyStore, AppStore]> = [
    ['the key store throws', throwingKeys, stores.apps],
    ['the key store rejects', rejectingKeys, stores.apps],
    ['the app store throws', stores.keys, throwingApps],
    ['the app store rejects', stores.keys, rejectingApps],
  ];
  for (const [title, keys, apps] of cases) {
    it(`answers ERR_STORE_UNAVAILABLE with the cause when ${title}`, async () => {
      const result = await createApiKeyVerifier({ stores: { keys, apps } }).verify(key);
      assert.ok(!result.ok);
      assert.ok(result.error instanceof AuthError);
      assert.equal(result.error.code, 'ERR_STORE_UNAVAILABLE');
      assert.equal(result.error.cause, boom);
    });
  }
});

describe('createApiKeyVerifier options', () => {
  it('throws a TypeError at creation for missing stores, a bad clock or bad prefixes', () => {
    const stores = createMemoryStores();
    assert.throws(() => createApiKeyVerifier({} as never), TypeError);
    const appsOnly = { stores: { apps: stores.apps } };
    assert.throws(() => createApiKeyVerifier(appsOnly as never), TypeError);
    assert.throws(() => createApiKeyVerifier({ stores, clock: {} as never }), TypeError);
    assert.throws(() => createApiKeyVerifier({ stores, prefixes: [] }), TypeError);
    assert.throws(() => createApiKeyVerifier({ stores, hasher: {} as never }), TypeError);
  });
});
