// Conformance, end to end: keys issued, revoked, expired, rolled and disabled through the admin
// operations, and verified by the verifier the guard uses, with a fake clock.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createApiKeyAdmin } from '../../api-key/admin.ts';
import type { ApiKeyAdmin } from '../../api-key/admin.ts';
import { createApiKeyVerifier } from '../../api-key/verify.ts';
import type { ApiKeyVerifier } from '../../api-key/verify.ts';
import type { AuthErrorCode } from '../../errors.ts';
import type { ConformanceStores } from '../conformance.ts';
import type { Run } from './run.ts';
import { newKeyPair } from './run.ts';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

interface World {
  admin: ApiKeyAdmin;
  verifier: ApiKeyVerifier;
  /** Sets the fake clock. */
  at(t: number): void;
  /** The verification outcome: 'ok' or the error code. */
  check(key: string): Promise<'ok' | AuthErrorCode>;
}

function world(stores: ConformanceStores): World {
  let now = T0;
  const clock = { now: () => now };
  const admin = createApiKeyAdmin({ stores, prefix: 'tf_test', clock });
  const verifier = createApiKeyVerifier({ stores, prefixes: ['tf_test'], clock });
  return {
    admin,
    verifier,
    at: (t) => void (now = t),
    async check(key) {
      const result = await verifier.verify(key);
      return result.ok ? 'ok' : result.error.code;
    },
  };
}

/**
 * Registers the lifecycle tests.
 *
 * @example
 * ```ts
 * describe('key lifecycle, through the verifier', () => lifecycleTests(run));
 * ```
 */
export function lifecycleTests(run: Run): void {
  it('verifies a new key to its app and key record', run(async (stores) => {
    const w = world(stores);
    const app = await w.admin.createApp({ name: 'Mobile' });
    const { key, record } = await w.admin.createKey(app.id);
    const result = await w.verifier.verify(key);
    assert.ok(result.ok);
    assert.equal(result.app.id, app.id);
    assert.equal(result.key.id, record.id);
    assert.equal(result.key.hash, record.hash);
  }));

  it('answers ERR_API_KEY_UNKNOWN for a well-formed key never stored', run(async (stores) => {
    const w = world(stores);
    const app = await w.admin.createApp({ name: 'Mobile' });
    await w.admin.createKey(app.id);
    assert.equal(await w.check(newKeyPair(app.id).key), 'ERR_API_KEY_UNKNOWN');
  }));

  it('answers ERR_API_KEY_REVOKED from the instant of revocation', run(async (stores) => {
    const w = world(stores);
    const app = await w.admin.createApp({ name: 'Mobile' });
    const { key, record } = await w.admin.createKey(app.id);
    w.at(T0 + 1000);
    await w.admin.revokeKey(record.id);
    assert.equal(await w.check(key), 'ERR_API_KEY_REVOKED');
  }));

  it('answers ERR_API_KEY_EXPIRED from expiresAt on, by the injected clock', run(async (s) => {
    const w = world(s);
    const app = await w.admin.createApp({ name: 'Mobile' });
    const { key } = await w.admin.createKey(app.id, { expiresAt: T0 + HOUR });
    w.at(T0 + HOUR - 1);
    assert.equal(await w.check(key), 'ok');
    w.at(T0 + HOUR);
    assert.equal(await w.check(key), 'ERR_API_KEY_EXPIRED');
  }));

  it('rolls a key: the new one works at once, the old one until the grace ends', run(async (s) => {
    const w = world(s);
    const app = await w.admin.createApp({ name: 'Mobile' });
    const old = await w.admin.createKey(app.id);
    w.at(T0 + 10);
    const rolled = await w.admin.rollKey(old.record.id, { graceMs: HOUR });
    assert.equal(rolled.record.appId, app.id);
    assert.deepEqual([await w.check(rolled.key), await w.check(old.key)], ['ok', 'ok']);
    w.at(T0 + 10 + HOUR - 1);
    assert.equal(await w.check(old.key), 'ok');
    w.at(T0 + 10 + HOUR);
    assert.equal(await w.check(old.key), 'ERR_API_KEY_REVOKED');
    assert.equal(await w.check(rolled.key), 'ok');
  }));

  it('keeps an immediate revocation during a grace period, and refuses to roll a revoked key',
    run(async (s) => {
      const w = world(s);
      const app = await w.admin.createApp({ name: 'Mobile' });
      const old = await w.admin.createKey(app.id);
      await w.admin.rollKey(old.record.id, { graceMs: HOUR });
      w.at(T0 + 5);
      await w.admin.revokeKey(old.record.id);
      assert.equal(await w.check(old.key), 'ERR_API_KEY_REVOKED');
      await assert.rejects(
        async () => w.admin.rollKey(old.record.id, { graceMs: HOUR }),
        (err: { code?: string }) => err.code === 'ERR_API_KEY_REVOKED',
      );
      assert.equal(await w.check(old.key), 'ERR_API_KEY_REVOKED');
    }));

  it('answers ERR_API_KEY_DISABLED for a disabled key, and ok once re-enabled', run(async (s) => {
    const w = world(s);
    const app = await w.admin.createApp({ name: 'Mobile' });
    const { key, record } = await w.admin.createKey(app.id);
    await w.admin.setKeyStatus(record.id, 'disabled');
    assert.equal(await w.check(key), 'ERR_API_KEY_DISABLED');
    await w.admin.setKeyStatus(record.id, 'active');
    assert.equal(await w.check(key), 'ok');
  }));

  it('answers ERR_APP_DISABLED for every key of a disabled app, and only its', run(async (s) => {
    const w = world(s);
    const a = await w.admin.createApp({ name: 'A' });
    const b = await w.admin.createApp({ name: 'B' });
    const [a1, a2, b1] = [
      await w.admin.createKey(a.id),
      await w.admin.createKey(a.id),
      await w.admin.createKey(b.id),
    ];
    await w.admin.setAppStatus(a.id, 'disabled');
    assert.equal(await w.check(a1.key), 'ERR_APP_DISABLED');
    assert.equal(await w.check(a2.key), 'ERR_APP_DISABLED');
    assert.equal(await w.check(b1.key), 'ok');
    await w.admin.setAppStatus(a.id, 'active');
    assert.equal(await w.check(a1.key), 'ok');
  }));

  it('answers ERR_APP_UNKNOWN for a key whose app does not exist', run(async (stores) => {
    const w = world(stores);
    // A record pointing at a missing app, as a bad delete would leave it.
    const { key, record } = newKeyPair('app_deleted');
    await stores.keys.insert(record);
    assert.equal(await w.check(key), 'ERR_APP_UNKNOWN');
  }));

  it("lists each app's keys, revoked ones included, oldest first", run(async (s) => {
    const w = world(s);
    const a = await w.admin.createApp({ name: 'A' });
    const b = await w.admin.createApp({ name: 'B' });
    const first = await w.admin.createKey(a.id);
    w.at(T0 + 1);
    await w.admin.createKey(b.id);
    w.at(T0 + 2);
    const second = await w.admin.rollKey(first.record.id, { graceMs: 0 });
    const listed = await w.admin.listKeys(a.id);
    assert.deepEqual(listed.map((k) => k.id), [first.record.id, second.record.id]);
    assert.equal(listed[0]?.revokedAt, T0 + 2);
    assert.equal((await w.admin.listKeys(b.id)).length, 1);
  }));

  it('binds each key to its own app', run(async (s) => {
    const w = world(s);
    const a = await w.admin.createApp({ name: 'A' });
    const b = await w.admin.createApp({ name: 'B' });
    const ka = await w.admin.createKey(a.id);
    const kb = await w.admin.createKey(b.id);
    const [ra, rb] = [await w.verifier.verify(ka.key), await w.verifier.verify(kb.key)];
    assert.ok(ra.ok && rb.ok);
    assert.deepEqual([ra.app.id, rb.app.id], [a.id, b.id]);
  }));
}
