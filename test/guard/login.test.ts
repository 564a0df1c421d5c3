import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGuard } from '../../src/guard/guard.ts';
import { createPasswordHasher } from '../../src/password/index.ts';
import { SECRET, makeWorld } from './world.ts';

const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

describe('guard.login', () => {
  it('issues an RFC 6749 token response with sub, app, iat, exp, jti and iss', async () => {
    const world = await makeWorld();
    const result = await world.guard.login({
      apiKey: world.key,
      username: 'ada',
      password: 'lovelace',
    });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.token_type, 'Bearer');
    assert.equal(result.expires_in, 3600);
    const claims = claimsOf(result.access_token);
    assert.equal(claims.sub, `user_${world.appId}`);
    assert.equal(claims.app, world.appId);
    assert.equal(claims.iss, 'twofold');
    assert.equal(claims.iat, world.clock.now() / 1000);
    assert.equal(claims.exp, world.clock.now() / 1000 + 3600);
    assert.match(String(claims.jti), /^[A-Za-z0-9_-]{22}$/);
    assert.match(result.headers.RateLimit!, /r=999;/);
  });

  it('gives a new jti to every token', async () => {
    const world = await makeWorld();
    const login = () =>
      world.guard.login({ apiKey: world.key, username: 'ada', password: 'lovelace' });
    const [a, b] = [await login(), await login()];
    assert.ok(a.ok && b.ok);
    assert.notEqual(claimsOf(a.access_token).jti, claimsOf(b.access_token).jti);
  });

  it('answers a wrong password and an unknown user alike (a dummy hash)', async () => {
    const world = await makeWorld();
    const wrong = await world.guard.login({ apiKey: world.key, username: 'ada', password: 'x' });
    const nobody = await world.guard.login({ apiKey: world.key, username: 'bob', password: 'x' });
    for (const r of [wrong, nobody]) {
      assert.deepEqual(!r.ok && [r.status, r.code, r.message],
        [401, 'ERR_LOGIN_FAILED', 'invalid username or password']);
    }
    assert.equal(world.passwords.calls.verify, 1);
    assert.equal(world.passwords.calls.dummy, 1);
  });

  it('checks the key and charges the app before any password work', async () => {
    const world = await makeWorld();
    const result = await world.guard.login({ apiKey: 'junk', username: 'ada', password: 'x' });
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_API_KEY_LENGTH']);
    assert.equal(world.passwords.calls.verify + world.passwords.calls.dummy, 0);
  });

  it('refuses the 11th failed attempt with 429, before the password check', async () => {
    const world = await makeWorld();
    const attempt = (password: string, username = 'ada') =>
      world.guard.login({ apiKey: world.key, username, password });
    for (let i = 0; i < 10; i++) {
      const r = await attempt(`guess-${i}`);
      assert.equal(!r.ok && r.code, 'ERR_LOGIN_FAILED');
    }
    const verifies = world.passwords.calls.verify;
    const throttled = await attempt('lovelace');
    assert.deepEqual(!throttled.ok && [throttled.status, throttled.code],
      [429, 'ERR_LOGIN_THROTTLED']);
    assert.equal(throttled.headers['Retry-After'], '90');
    assert.equal(world.passwords.calls.verify, verifies);

    const otherUser = await attempt('x', 'grace');
    assert.equal(!otherUser.ok && otherUser.code, 'ERR_LOGIN_FAILED');

    world.clock.advance(90_000);
    assert.equal((await attempt('lovelace')).ok, true);
  });

  it('lets at most 10 of 20 parallel wrong guesses reach the password check', async () => {
    const world = await makeWorld();
    const guesses = Array.from({ length: 20 }, (_, i) =>
      world.guard.login({ apiKey: world.key, username: 'ada', password: `guess-${i}` }));
    const results = await Promise.all(guesses);
    const codes = results.map((r) => (!r.ok ? r.code : 'ok'));
    assert.equal(codes.filter((c) => c === 'ERR_LOGIN_FAILED').length, 10);
    assert.equal(codes.filter((c) => c === 'ERR_LOGIN_THROTTLED').length, 10);
    assert.equal(world.passwords.calls.verify, 10);
  });

  it('rehashes a password stored with a lower cost than the policy', async () => {
    const world = await makeWorld();
    const stronger = createPasswordHasher({ iterations: 2000 });
    const guard = createGuard({
      stores: world.stores,
      jwt: { secret: SECRET },
      password: stronger,
      clock: world.clock,
    });
    const before = (await world.stores.users.find(world.appId, 'ada'))!.passwordHash;
    assert.match(before, /i=1000\$/);
    const result = await guard.login({ apiKey: world.key, username: 'ada', password: 'lovelace' });
    assert.equal(result.ok, true);
    const after = (await world.stores.users.find(world.appId, 'ada'))!.passwordHash;
    assert.match(after, /i=2000\$/);
    assert.equal(await stronger.verify('lovelace', after), true);
  });

  it('answers 403 for a disabled user with the right password', async () => {
    const world = await makeWorld();
    await world.stores.users.update(world.appId, 'ada', { status: 'disabled' });
    const r = await world.guard.login({ apiKey: world.key, username: 'ada', password: 'lovelace' });
    assert.deepEqual(!r.ok && [r.status, r.code], [403, 'ERR_USER_DISABLED']);
  });

  it('refuses missing credentials and over-long passwords with stable codes', async () => {
    const world = await makeWorld();
    const missing = await world.guard.login({ apiKey: world.key, username: 1, password: 'x' });
    assert.deepEqual(!missing.ok && [missing.status, missing.code], [401, 'ERR_LOGIN_FAILED']);
    const long = await world.guard.login({
      apiKey: world.key,
      username: 'ada',
      password: 'x'.repeat(5000),
    });
    assert.deepEqual(!long.ok && [long.status, long.code], [400, 'ERR_PASSWORD_TOO_LONG']);
    assert.doesNotMatch(JSON.stringify(long), /xxxx/);
  });

  it('limits password checks per app (60 a minute by default), any usernames', async () => {
    const world = await makeWorld();
    for (let i = 0; i < 60; i++) {
      const r = await world.guard.login({ apiKey: world.key, username: `u${i}`, password: 'x' });
      assert.equal(!r.ok && r.code, 'ERR_LOGIN_FAILED');
    }
    const r = await world.guard.login({ apiKey: world.key, username: 'ada', password: 'lovelace' });
    assert.deepEqual(!r.ok && [r.status, r.code, r.headers['Retry-After']],
      [429, 'ERR_LOGIN_THROTTLED', '1']);
    assert.equal(world.passwords.calls.verify + world.passwords.calls.dummy, 60);
    world.clock.advance(1000);
    assert.equal((await world.guard.login({ apiKey: world.key, username: 'ada',
      password: 'lovelace' })).ok, true);
  });

  it('answers 500 ERR_PASSWORD_HASH_INVALID when the platform refuses to hash', async () => {
    const reported: unknown[] = [];
    const world = await makeWorld({ onError: (e) => reported.push(e) });
    const broken = { ...world.passwords, verify: () => Promise.reject(new Error('no PBKDF2')) };
    const guard = createGuard({ stores: world.stores, jwt: { secret: SECRET }, password: broken,
      clock: world.clock, onError: (e) => reported.push(e) });
    const r = await guard.login({ apiKey: world.key, username: 'ada', password: 'lovelace' });
    assert.deepEqual(!r.ok && [r.status, r.code], [500, 'ERR_PASSWORD_HASH_INVALID']);
    assert.equal(reported.length, 1);
  });
});
