import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateApiKey } from '../../src/api-key/generate.ts';
import { createGuard } from '../../src/guard/guard.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import type { KeyStore } from '../../src/store/types.ts';
import { SECRET, headers, makeWorld, tokenFor } from './world.ts';

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('guard.authenticate', () => {
  it('accepts a request with a valid key and a JWT issued to the same app', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const result = await world.guard.authenticate(headers(world.key, token));
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.app.id, world.appId);
    assert.equal(result.key.id, world.keyId);
    assert.equal(result.user.id, `user_${world.appId}`);
    assert.equal(result.claims.app, world.appId);
    assert.equal(result.rateLimit.allowed, true);
    assert.equal(result.headers['RateLimit-Policy'], '"app";q=1000;w=60');
    assert.match(result.headers.RateLimit!, /^"app";r=998;t=\d+$/);
  });

  it('takes fetch Headers, a Request and a Node header record alike', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const record = headers(world.key, token);
    const request = new Request('http://x/', { headers: record });
    for (const source of [record, new Headers(record), request]) {
      const result = await world.guard.authenticate(source);
      assert.equal(result.ok, true);
    }
  });

  it('refuses a key repeated in a Node header record', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const source = { 'x-api-key': [world.key, world.key], authorization: `Bearer ${token}` };
    const result = await world.guard.authenticate(source);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'ERR_API_KEY_CHARSET');
  });

  it('answers 401 for a missing key without charging any bucket', async () => {
    const world = await makeWorld();
    const result = await world.guard.authenticate({});
    assert.deepEqual([result.ok, !result.ok && result.status], [false, 401]);
    if (!result.ok) assert.equal(result.code, 'ERR_API_KEY_MISSING');
    assert.equal(result.headers.RateLimit, undefined);
  });

  it('refuses a malformed key before any store lookup', async () => {
    const world = await makeWorld();
    let lookups = 0;
    const keys = world.stores.keys;
    const findByHash = keys.findByHash.bind(keys);
    keys.findByHash = (hash: string) => (lookups++, findByHash(hash));
    const flipped = world.key.slice(0, -1) + (world.key.endsWith('A') ? 'B' : 'A');
    for (const bad of ['nope', flipped, `${world.key} `]) {
      const result = await world.guard.authenticate(headers(bad));
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.status, 401);
    }
    assert.equal(lookups, 0);
  });

  it('gives distinct codes: unknown, revoked, expired key; 403 for a disabled app', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const unknown = generateApiKey({ prefix: 'tf_test' }).key;
    let result = await world.guard.authenticate(headers(unknown, token));
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_API_KEY_UNKNOWN']);

    const revoked = await world.admin.createKey(world.appId);
    await world.admin.revokeKey(revoked.record.id);
    result = await world.guard.authenticate(headers(revoked.key, token));
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_API_KEY_REVOKED']);

    const expiresAt = world.clock.now() + 1000;
    const expiring = await world.admin.createKey(world.appId, { expiresAt });
    assert.equal((await world.guard.authenticate(headers(expiring.key, token))).ok, true);
    world.clock.advance(1000);
    result = await world.guard.authenticate(headers(expiring.key, token));
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_API_KEY_EXPIRED']);

    await world.admin.setAppStatus(world.appId, 'disabled');
    result = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(!result.ok && [result.status, result.code], [403, 'ERR_APP_DISABLED']);
  });

  it('charges the bucket before checking the JWT, so a bad JWT still counts', async () => {
    const world = await makeWorld();
    const first = await world.guard.authenticate(headers(world.key, 'not.a.jwt'));
    const second = await world.guard.authenticate(headers(world.key));
    assert.equal(!first.ok && first.code, 'ERR_JWT_BASE64');
    assert.equal(!second.ok && second.code, 'ERR_JWT_MISSING');
    assert.equal(second.headers['WWW-Authenticate'], 'Bearer');
    assert.equal(first.headers['WWW-Authenticate'], 'Bearer error="invalid_token"');
    assert.match(second.headers.RateLimit!, /r=998;/);
  });

  it('takes `Bearer` with no token (its space trimmed by the HTTP parser) as missing', async () => {
    const world = await makeWorld();
    for (const authorization of ['Bearer', 'bearer', 'Bearer   ']) {
      const result = await world.guard.authenticate({ 'x-api-key': world.key, authorization });
      assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_JWT_MISSING']);
      assert.equal(result.headers['WWW-Authenticate'], 'Bearer');
    }
  });

  it('refuses another scheme than Bearer', async () => {
    const world = await makeWorld();
    const result = await world.guard.authenticate({
      'x-api-key': world.key,
      authorization: 'Basic YWRhOmxvdmVsYWNl',
    });
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_AUTH_SCHEME']);
  });

  it('answers the 1,001st request in a minute with 429, Retry-After, RateLimit', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    for (let i = 1; i < 1000; i++) {
      const ok = await world.guard.authenticate(headers(world.key, token));
      assert.equal(ok.ok, true, `request ${i + 1}`);
    }
    world.clock.advance(59);
    const denied = await world.guard.authenticate(headers(world.key, token));
    assert.equal(denied.ok, false);
    if (denied.ok) return;
    assert.deepEqual([denied.status, denied.code], [429, 'ERR_RATE_LIMITED']);
    assert.equal(denied.headers['Retry-After'], '1');
    assert.match(denied.headers.RateLimit!, /^"app";r=0;t=\d+$/);
    world.clock.advance(1);
    assert.equal((await world.guard.authenticate(headers(world.key, token))).ok, true);
  });

  it("refuses a JWT presented with another app's key", async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const result = await world.guard.authenticate(headers(world.otherKey, token));
    assert.deepEqual(!result.ok && [result.status, result.code], [401, 'ERR_JWT_APP_MISMATCH']);
  });

  it('uses an app’s raised limit, keeping its tokens', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    await world.stores.apps.update(world.appId, { rateLimit: { limit: 2000 } });
    const result = await world.guard.authenticate(headers(world.key, token));
    assert.equal(result.headers['RateLimit-Policy'], '"app";q=2000;w=60');
    assert.match(result.headers.RateLimit!, /r=1998;/);
  });

  it('refuses a token after guard.revoke, until the token expires', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const ok = await world.guard.authenticate(headers(world.key, token));
    assert.ok(ok.ok);
    await world.guard.revoke(ok.claims);
    const result = await world.guard.authenticate(headers(world.key, token));
    assert.equal(!result.ok && result.code, 'ERR_JWT_REVOKED');
  });

  it('refuses an expired JWT (one hour by default)', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    assert.equal((payloadOf(token).exp as number) - (payloadOf(token).iat as number), 3600);
    world.clock.advance(3600_000);
    const result = await world.guard.authenticate(headers(world.key, token));
    assert.equal(!result.ok && result.code, 'ERR_JWT_EXPIRED');
  });

  it('reports a failing key store as 503, never as an unknown key', async () => {
    const reported: unknown[] = [];
    const world = await makeWorld({ onError: (e) => reported.push(e) });
    const keys: KeyStore = world.stores.keys;
    keys.findByHash = () => Promise.reject(new Error('db down'));
    const result = await world.guard.authenticate(headers(world.key));
    assert.deepEqual(!result.ok && [result.status, result.code], [503, 'ERR_STORE_UNAVAILABLE']);
    assert.doesNotMatch(JSON.stringify(result), /db down/);
    assert.equal(reported.length, 1);
    assert.equal(((reported[0] as Error).cause as Error).message, 'db down');
  });

  it('answers 503, no Retry-After, when the bucket store fails closed', async () => {
    const failing = {
      originMs: 0,
      load: () => Promise.reject(new Error('redis down')),
      compareAndSet: () => Promise.reject(new Error('redis down')),
    };
    const world = await makeWorld();
    const guard = createGuard({
      stores: { ...world.stores, buckets: failing },
      jwt: { secret: SECRET },
      clock: world.clock,
    });
    const result = await guard.authenticate(headers(world.key));
    assert.deepEqual(!result.ok && [result.status, result.code], [503, 'ERR_STORE_UNAVAILABLE']);
    assert.equal(result.headers['Retry-After'], undefined);
  });
});

describe('createGuard', () => {
  it('throws TypeError or RangeError for bad options', () => {
    const stores = createMemoryStores();
    assert.throws(() => createGuard(null as never), TypeError);
    assert.throws(() => createGuard({ stores, jwt: { secret: new Uint8Array(16) } }), RangeError);
    assert.throws(
      () => createGuard({ stores, jwt: { secret: SECRET }, rateLimit: { limit: 0 } }),
      RangeError,
    );
    assert.throws(
      () => createGuard({ stores, jwt: { secret: SECRET }, rateLimit: { policyName: 'a b' } }),
      TypeError,
    );
  });
});
