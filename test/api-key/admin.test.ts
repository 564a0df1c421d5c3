import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiKeyAdmin } from '../../src/api-key/admin.ts';
import { createApiKeyHasher } from '../../src/api-key/hash.ts';
import { parseApiKey } from '../../src/api-key/parse.ts';
import { AuthError } from '../../src/errors.ts';
import { createMemoryStores } from '../../src/store/memory.ts';

const T0 = 1_700_000_000_000;

function setup() {
  let now = T0;
  const stores = createMemoryStores();
  const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', clock: { now: () => now } });
  return { stores, admin, at: (t: number): void => void (now = t) };
}

const hasCode = (code: string) => (err: unknown) => err instanceof AuthError && err.code === code;

describe('createApiKeyAdmin', () => {
  it('creates an active app with a generated id, or the given one', async () => {
    const { stores, admin } = setup();
    const generated = await admin.createApp({ name: 'Mobile' });
    assert.match(generated.id, /^[0-9A-Za-z]{22}$/);
    const given = await admin.createApp({ id: 'app_42', name: 'Web', rateLimit: { limit: 10 } });
    assert.deepEqual(stores.apps.get('app_42'), {
      id: 'app_42',
      name: 'Web',
      status: 'active',
      rateLimit: { limit: 10 },
    });
    assert.equal(given.status, 'active');
  });

  it('issues a key whose record holds its hash, start, app and creation time', async () => {
    const { stores, admin } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const { key, record } = await admin.createKey(app.id, { expiresAt: T0 + 1000 });
    assert.equal(record.hash, createApiKeyHasher().hash(key));
    assert.equal(record.start, parseApiKey(key).start);
    assert.deepEqual([record.appId, record.createdAt, record.expiresAt], [app.id, T0, T0 + 1000]);
    assert.deepEqual(stores.keys.get(record.id), record);
  });

  it('hashes with the given hasher', async () => {
    const hasher = createApiKeyHasher({ pepper: 'p'.repeat(32) });
    const stores = createMemoryStores();
    const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', hasher });
    const app = await admin.createApp({ name: 'Mobile' });
    const { key, record } = await admin.createKey(app.id);
    assert.equal(record.hash, hasher.hash(key));
  });

  it('refuses to issue a key for an unknown app with ERR_APP_UNKNOWN', async () => {
    const { stores, admin } = setup();
    await assert.rejects(admin.createKey('app_none'), hasCode('ERR_APP_UNKNOWN'));
    assert.equal(stores.keys.listByApp('app_none').length, 0);
  });

  it('revokes at the current time and keeps the first revocation time', async () => {
    const { admin, at } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const { record } = await admin.createKey(app.id);
    at(T0 + 5);
    assert.equal((await admin.revokeKey(record.id)).revokedAt, T0 + 5);
    at(T0 + 9);
    assert.equal((await admin.revokeKey(record.id)).revokedAt, T0 + 5);
  });

  it('answers ERR_API_KEY_UNKNOWN for an unknown key id', async () => {
    const { admin } = setup();
    await assert.rejects(admin.revokeKey('nope'), hasCode('ERR_API_KEY_UNKNOWN'));
    await assert.rejects(admin.rollKey('nope', { graceMs: 0 }), hasCode('ERR_API_KEY_UNKNOWN'));
    await assert.rejects(admin.setKeyStatus('nope', 'disabled'), hasCode('ERR_API_KEY_UNKNOWN'));
  });

  it('rolls: schedules the old revocation at now + grace, new key for the same app', async () => {
    const { stores, admin, at } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const old = await admin.createKey(app.id);
    at(T0 + 100);
    const rolled = await admin.rollKey(old.record.id, { graceMs: 60_000, expiresAt: T0 + 1e9 });
    assert.equal(stores.keys.get(old.record.id)?.revokedAt, T0 + 100 + 60_000);
    assert.deepEqual(
      [rolled.record.appId, rolled.record.createdAt, rolled.record.expiresAt],
      [app.id, T0 + 100, T0 + 1e9],
    );
    assert.notEqual(rolled.key, old.key);
  });

  it('refuses to roll an expired key with ERR_API_KEY_EXPIRED', async () => {
    const { admin, at } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const { record } = await admin.createKey(app.id, { expiresAt: T0 + 10 });
    at(T0 + 10);
    await assert.rejects(admin.rollKey(record.id, { graceMs: 0 }), hasCode('ERR_API_KEY_EXPIRED'));
  });

  it('throws a RangeError for a negative or fractional grace or expiry', async () => {
    const { admin } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const { record } = await admin.createKey(app.id);
    await assert.rejects(admin.rollKey(record.id, { graceMs: -1 }), RangeError);
    await assert.rejects(admin.rollKey(record.id, { graceMs: 0.5 }), RangeError);
    await assert.rejects(admin.createKey(app.id, { expiresAt: Number.NaN }), RangeError);
  });

  it('sets key and app status, refusing anything but active and disabled', async () => {
    const { admin } = setup();
    const app = await admin.createApp({ name: 'Mobile' });
    const { record } = await admin.createKey(app.id);
    assert.equal((await admin.setKeyStatus(record.id, 'disabled')).status, 'disabled');
    assert.equal((await admin.setAppStatus(app.id, 'disabled')).status, 'disabled');
    await assert.rejects(admin.setAppStatus(app.id, 'gone' as never), TypeError);
    await assert.rejects(admin.setAppStatus('app_none', 'disabled'), hasCode('ERR_APP_UNKNOWN'));
  });

  it('lets a store failure through unchanged', async () => {
    const boom = new Error('disk full');
    const stores = createMemoryStores();
    const keys = { ...stores.keys, insert: () => Promise.reject(boom) };
    const admin = createApiKeyAdmin({ stores: { apps: stores.apps, keys }, prefix: 'tf_live' });
    const app = await admin.createApp({ name: 'Mobile' });
    await assert.rejects(admin.createKey(app.id), (err) => err === boom);
  });

  it('throws at creation for missing stores or a bad prefix', () => {
    const stores = createMemoryStores();
    assert.throws(() => createApiKeyAdmin({ prefix: 'tf_live' } as never), TypeError);
    assert.throws(() => createApiKeyAdmin({ stores, prefix: 'tf-live' }), TypeError);
    assert.throws(() => createApiKeyAdmin({ stores, prefix: '' }), RangeError);
  });
});
