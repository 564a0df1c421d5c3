// Conformance, record by record: what each store must do with the data it is given.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Run } from './run.ts';
import { absent, newApp, newKey, newUser } from './run.ts';

async function rejects(fn: () => unknown, what: string): Promise<void> {
  await assert.rejects(async () => fn(), `expected ${what} to throw or reject`);
}

/**
 * Registers the AppStore tests.
 *
 * @example
 * ```ts
 * describe('AppStore', () => appStoreTests(run));
 * ```
 */
export function appStoreTests(run: Run): void {
  it('returns nothing for an unknown id', run(async ({ apps }) => {
    assert.ok(absent(await apps.get('app_unknown')));
  }));

  it('returns an inserted app with every field, rate-limit override included', run(async (s) => {
    const plain = newApp();
    const limited = newApp({ rateLimit: { limit: 5000, periodMs: 60_000, burst: 6000 } });
    await s.apps.insert(plain);
    await s.apps.insert(limited);
    assert.deepEqual({ ...(await s.apps.get(plain.id)) }, plain);
    assert.deepEqual(JSON.parse(JSON.stringify(await s.apps.get(limited.id))), limited);
  }));

  it('refuses a second app with the same id and keeps the first', run(async ({ apps }) => {
    const app = newApp();
    await apps.insert(app);
    await rejects(() => apps.insert({ ...app, name: 'Other' }), 'a duplicate app id');
    assert.equal((await apps.get(app.id))?.name, app.name);
  }));

  it('updates status and name, keeping the other fields', run(async ({ apps }) => {
    const app = newApp({ rateLimit: { limit: 10 } });
    await apps.insert(app);
    const updated = await apps.update(app.id, { status: 'disabled' });
    assert.equal(updated?.status, 'disabled');
    assert.equal((await apps.get(app.id))?.status, 'disabled');
    await apps.update(app.id, { name: 'Renamed' });
    const now = await apps.get(app.id);
    assert.deepEqual([now?.name, now?.status, now?.rateLimit?.limit], ['Renamed', 'disabled', 10]);
  }));

  it('sets and removes (null) the rate-limit override', run(async ({ apps }) => {
    const app = newApp();
    await apps.insert(app);
    await apps.update(app.id, { rateLimit: { limit: 2000, periodMs: 60_000 } });
    assert.equal((await apps.get(app.id))?.rateLimit?.limit, 2000);
    await apps.update(app.id, { rateLimit: null });
    assert.ok(absent((await apps.get(app.id))?.rateLimit));
  }));

  it('returns nothing when updating an unknown app, and creates none', run(async ({ apps }) => {
    assert.ok(absent(await apps.update('app_unknown', { status: 'disabled' })));
    assert.ok(absent(await apps.get('app_unknown')));
  }));

  it('is not changed by mutating the inserted object afterwards', run(async ({ apps }) => {
    const app = { ...newApp() };
    await apps.insert(app);
    (app as { status: string }).status = 'disabled';
    assert.equal((await apps.get(app.id))?.status, 'active');
  }));
}

/**
 * Registers the KeyStore tests.
 *
 * @example
 * ```ts
 * describe('KeyStore', () => keyStoreTests(run));
 * ```
 */
export function keyStoreTests(run: Run): void {
  it('returns nothing for an unknown hash or id', run(async ({ keys }) => {
    assert.ok(absent(await keys.findByHash('0'.repeat(64))));
    assert.ok(absent(await keys.get('key_unknown')));
  }));

  it('finds an inserted record by hash and by id, every field intact', run(async ({ keys }) => {
    const plain = newKey('app_a');
    const expiring = newKey('app_a', { expiresAt: 1_800_000_000_000 });
    await keys.insert(plain);
    await keys.insert(expiring);
    assert.deepEqual({ ...(await keys.findByHash(plain.hash)) }, plain);
    assert.deepEqual({ ...(await keys.get(plain.id)) }, plain);
    assert.deepEqual({ ...(await keys.findByHash(expiring.hash)) }, expiring);
  }));

  it('matches hashes exactly: no near miss, prefix or other case', run(async ({ keys }) => {
    const record = newKey('app_a');
    await keys.insert(record);
    const h = record.hash;
    const flipped = h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    for (const probe of [flipped, h.slice(0, 63), h.slice(0, 32), `${h}0`, h.toUpperCase()]) {
      assert.ok(absent(await keys.findByHash(probe)), `found a record for ${probe}`);
    }
  }));

  it('refuses a second record with the same id or the same hash', run(async ({ keys }) => {
    const record = newKey('app_a');
    await keys.insert(record);
    await rejects(() => keys.insert({ ...newKey('app_a'), id: record.id }), 'a duplicate id');
    await rejects(() => keys.insert({ ...newKey('app_b'), hash: record.hash }), 'a duplicate hash');
    assert.equal((await keys.findByHash(record.hash))?.appId, 'app_a');
  }));

  it('updates the status, seen through both lookups', run(async ({ keys }) => {
    const record = newKey('app_a');
    await keys.insert(record);
    assert.equal((await keys.update(record.id, { status: 'disabled' }))?.status, 'disabled');
    assert.equal((await keys.findByHash(record.hash))?.status, 'disabled');
    assert.equal((await keys.get(record.id))?.status, 'disabled');
  }));

  it('keeps the earlier of two revocation times', run(async ({ keys }) => {
    const record = newKey('app_a');
    await keys.insert(record);
    await keys.update(record.id, { revokedAt: 2000 });
    assert.equal((await keys.update(record.id, { revokedAt: 5000 }))?.revokedAt, 2000);
    assert.equal((await keys.findByHash(record.hash))?.revokedAt, 2000);
    await keys.update(record.id, { revokedAt: 1000 });
    assert.equal((await keys.findByHash(record.hash))?.revokedAt, 1000);
  }));

  it('returns nothing when updating an unknown id', run(async ({ keys }) => {
    assert.ok(absent(await keys.update('key_unknown', { revokedAt: 1 })));
  }));

  it("lists an app's keys oldest first, and only that app's", run(async ({ keys }) => {
    const b = newKey('app_a', { createdAt: 2000 });
    const a = newKey('app_a', { createdAt: 1000 });
    const c = newKey('app_a', { createdAt: 3000, revokedAt: 3500 });
    await keys.insert(b);
    await keys.insert(newKey('app_b', { createdAt: 1500 }));
    await keys.insert(a);
    await keys.insert(c);
    const listed = await keys.listByApp('app_a');
    assert.deepEqual(listed.map((k) => k.id), [a.id, b.id, c.id]);
    assert.equal((await keys.listByApp('app_b')).length, 1);
    assert.deepEqual([...(await keys.listByApp('app_none'))], []);
  }));
}

/**
 * Registers the UserStore tests.
 *
 * @example
 * ```ts
 * describe('UserStore', () => userStoreTests(run));
 * ```
 */
export function userStoreTests(run: Run): void {
  it('returns nothing for an unknown app or username', run(async ({ users }) => {
    await users.insert(newUser('app_a'));
    assert.ok(absent(await users.find('app_a', 'grace')));
    assert.ok(absent(await users.find('app_b', 'ada')));
  }));

  it('finds an inserted user with every field intact', run(async ({ users }) => {
    const user = newUser('app_a');
    await users.insert(user);
    assert.deepEqual({ ...(await users.find('app_a', 'ada')) }, user);
  }));

  it('keeps the same username in two apps apart', run(async ({ users }) => {
    const a = newUser('app_a');
    const b = newUser('app_b', { passwordHash: '$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA' });
    await users.insert(a);
    await users.insert(b);
    assert.equal((await users.find('app_a', 'ada'))?.id, a.id);
    assert.equal((await users.find('app_b', 'ada'))?.passwordHash, b.passwordHash);
  }));

  it('compares usernames exactly', run(async ({ users }) => {
    await users.insert(newUser('app_a'));
    assert.ok(absent(await users.find('app_a', 'Ada')));
    assert.ok(absent(await users.find('app_a', 'ada ')));
  }));

  it('refuses a second user with the same username in the same app', run(async ({ users }) => {
    await users.insert(newUser('app_a'));
    await rejects(() => users.insert(newUser('app_a')), 'a duplicate username');
  }));

  it('updates the password hash and the status', run(async ({ users }) => {
    const user = newUser('app_a');
    await users.insert(user);
    const updated = await users.update('app_a', 'ada', { passwordHash: '$new$hash' });
    assert.equal(updated?.passwordHash, '$new$hash');
    await users.update('app_a', 'ada', { status: 'disabled' });
    const now = await users.find('app_a', 'ada');
    assert.deepEqual([now?.passwordHash, now?.status, now?.id], ['$new$hash', 'disabled', user.id]);
  }));

  it('returns nothing when updating an unknown user', run(async ({ users }) => {
    assert.ok(absent(await users.update('app_a', 'nobody', { status: 'disabled' })));
  }));
}
