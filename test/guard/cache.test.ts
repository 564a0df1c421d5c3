import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiKeyHasher } from '../../src/api-key/hash.ts';
import type { ApiKeyHasher } from '../../src/api-key/hash.ts';
import { createGuard } from '../../src/guard/guard.ts';
import { cachedVerifier } from '../../src/guard/token-cache.ts';
import type { GuardFailure, GuardSuccess } from '../../src/guard/types.ts';
import { createJwtSigner, createJwtVerifier } from '../../src/jwt/index.ts';
import type { JwtClaims, JwtVerifier } from '../../src/jwt/index.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import { SECRET, fakeClock, headers, makeWorld, tokenFor } from './world.ts';

const ISSUER = 'twofold';

// A real signer and verifier on one fake clock, the verifier counted and wrapped in the cache.
function jwtSetup(options: { max?: number; tolerance?: number; ttl?: number } = {}) {
  const { max = 10, tolerance = 0, ttl = 60 } = options;
  const clock = fakeClock();
  const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, ttlSeconds: ttl, clock });
  const inner = createJwtVerifier({
    secret: SECRET,
    issuer: ISSUER,
    clock,
    clockToleranceSeconds: tolerance,
  });
  let calls = 0;
  const counted: JwtVerifier = (token) => (calls++, inner(token));
  const verify = cachedVerifier(counted, clock, tolerance, max);
  const nowSeconds = (): number => clock.t / 1000;
  return { clock, sign, verify, inner, counted, calls: () => calls, nowSeconds };
}

// Another signature of the right shape: the second-to-last character changed (the last one
// carries padding bits, so changing it could make the segment non-canonical instead).
function tamper(token: string): string {
  const c = token.at(-2) === 'A' ? 'B' : 'A';
  return token.slice(0, -2) + c + token.at(-1);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? `not an AuthError: ${String(err)}`;
  }
  return 'ok';
}

function ok(result: GuardSuccess | GuardFailure): GuardSuccess {
  if (!result.ok) assert.fail(`expected success, got ${result.code}`);
  return result;
}

function refusal(result: GuardSuccess | GuardFailure): [number, string] | false {
  return !result.ok && [result.status, result.code];
}

function countingApiKeyHasher(): { hasher: ApiKeyHasher; calls: () => number } {
  const inner = createApiKeyHasher();
  let n = 0;
  return { hasher: { hash: (k) => (n++, inner.hash(k)) }, calls: () => n };
}

describe('cachedVerifier', () => {
  it('verifies a token once and answers the second call from the cache', () => {
    const { sign, verify, calls } = jwtSetup();
    const token = sign({ sub: 'u1', app: 'a1', jti: 'j1' });
    const first = verify(token);
    const second = verify(token);
    assert.equal(calls(), 1);
    assert.equal(second, first);
    assert.equal(second.sub, 'u1');
    assert.equal(second.app, 'a1');
  });

  it('keeps answering from the cache up to just before exp', () => {
    const { clock, sign, verify, calls } = jwtSetup({ ttl: 60 });
    const token = sign({ sub: 'u1' });
    const exp = verify(token).exp as number;
    clock.t = exp * 1000 - 1;
    assert.equal(verify(token).sub, 'u1');
    assert.equal(calls(), 1);
  });

  it('refuses a cached token from exp on with ERR_JWT_EXPIRED, verifying it again', () => {
    const { clock, sign, verify, calls } = jwtSetup({ ttl: 60 });
    const token = sign({ sub: 'u1' });
    const exp = verify(token).exp as number;
    clock.t = exp * 1000;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_EXPIRED');
    assert.equal(calls(), 2);
    // The stale entry is gone and the failure is not cached: each try verifies again.
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_EXPIRED');
    assert.equal(calls(), 3);
  });

  it('applies the clock tolerance to exp exactly as the verifier does', () => {
    const { clock, sign, verify, calls } = jwtSetup({ ttl: 60, tolerance: 30 });
    const token = sign({ sub: 'u1' });
    const exp = verify(token).exp as number;
    clock.t = (exp + 30) * 1000 - 1;
    assert.equal(codeOf(() => verify(token)), 'ok');
    assert.equal(calls(), 1);
    clock.t = (exp + 30) * 1000;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_EXPIRED');
    assert.equal(calls(), 2);
  });

  it('does not cache a token that is not valid yet, and never serves it before nbf', () => {
    const { clock, sign, verify, calls, nowSeconds } = jwtSetup({ ttl: 600 });
    const nbf = nowSeconds() + 10;
    const token = sign({ sub: 'u1', nbf });
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_NOT_YET_VALID');
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_NOT_YET_VALID');
    assert.equal(calls(), 2);

    clock.t = nbf * 1000;
    assert.equal(verify(token).nbf, nbf);
    assert.equal(verify(token).nbf, nbf);
    assert.equal(calls(), 3);

    // The clock steps back (NTP, a VM resume): the cached token is before its nbf again.
    clock.t = nbf * 1000 - 1;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_NOT_YET_VALID');
    assert.equal(calls(), 4);
  });

  it('does not serve a cached token once the clock is before its iat again', () => {
    const { clock, sign, verify, calls, nowSeconds } = jwtSetup();
    const token = sign({ sub: 'u1' });
    const iat = verify(token).iat as number;
    assert.equal(iat, nowSeconds());
    clock.t = iat * 1000 - 1;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_ISSUED_IN_FUTURE');
    assert.equal(calls(), 2);
  });

  it('applies the clock tolerance to nbf and iat exactly as the verifier does', () => {
    const { clock, sign, verify, calls, nowSeconds } = jwtSetup({ ttl: 600, tolerance: 5 });
    const start = nowSeconds();
    const nbf = start + 1;
    const token = sign({ sub: 'u1', nbf });
    assert.equal(verify(token).nbf, nbf); // nbf within the tolerance
    assert.equal(calls(), 1);
    clock.t = (nbf - 5) * 1000;
    assert.equal(codeOf(() => verify(token)), 'ok');
    assert.equal(calls(), 1);
    clock.t = (nbf - 5) * 1000 - 1;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_NOT_YET_VALID');
    assert.equal(calls(), 2);

    clock.t = start * 1000;
    const plain = sign({ sub: 'u2' }); // iat = start, no nbf
    verify(plain);
    clock.t = (start - 5) * 1000;
    assert.equal(codeOf(() => verify(plain)), 'ok');
    assert.equal(calls(), 3);
    clock.t = (start - 5) * 1000 - 1;
    assert.equal(codeOf(() => verify(plain)), 'ERR_JWT_ISSUED_IN_FUTURE');
    assert.equal(calls(), 4);
  });

  it('answers a stale entry again from the cache once it verified again', () => {
    const { clock, sign, verify, calls, nowSeconds } = jwtSetup({ ttl: 600 });
    const token = sign({ sub: 'u1' });
    verify(token);
    const start = clock.t;
    clock.t = start - 1;
    assert.equal(codeOf(() => verify(token)), 'ERR_JWT_ISSUED_IN_FUTURE');
    clock.t = start;
    assert.equal(nowSeconds(), verify(token).iat);
    assert.equal(calls(), 3);
    verify(token);
    assert.equal(calls(), 3);
  });

  it('caches no failure: a bad token is verified on every call', () => {
    const { sign, verify, calls } = jwtSetup();
    const token = sign({ sub: 'u1' });
    const tampered = tamper(token);
    assert.notEqual(tampered, token);
    for (let i = 1; i <= 3; i++) {
      assert.equal(codeOf(() => verify(tampered)), 'ERR_JWT_SIGNATURE');
      assert.equal(codeOf(() => verify('not.a.jwt')), 'ERR_JWT_BASE64');
      assert.equal(calls(), 2 * i);
    }
  });

  it('refuses another payload carrying a cached token\'s signature, and keeps the entry', () => {
    const { sign, verify, calls } = jwtSetup();
    const genuine = sign({ sub: 'u1', app: 'a1' });
    const other = sign({ sub: 'admin', app: 'a1' });
    const claims = verify(genuine);
    const [header, , signature] = genuine.split('.');
    const forged = `${header}.${other.split('.')[1]}.${signature}`;
    assert.notEqual(forged, genuine);
    assert.equal(codeOf(() => verify(forged)), 'ERR_JWT_SIGNATURE');
    assert.equal(codeOf(() => verify(forged)), 'ERR_JWT_SIGNATURE');
    assert.equal(calls(), 3);
    // The genuine token is still answered from the cache.
    assert.equal(verify(genuine), claims);
    assert.equal(calls(), 3);
    // And a token that only shares its signature's text is never answered as the genuine one.
    assert.equal(codeOf(() => verify(`x${genuine}`)), 'ERR_JWT_BASE64');
  });

  it('deep-freezes the claims it caches, arrays and nested objects included', () => {
    const { sign, verify } = jwtSetup();
    const token = sign({
      sub: 'u1',
      roles: ['reader', 'writer'],
      profile: { name: 'Ada', tags: ['x', { deep: true }] },
    });
    const claims = verify(token);
    const profile = claims.profile as { name: string; tags: [string, { deep: boolean }] };
    assert.ok(Object.isFrozen(claims));
    assert.ok(Object.isFrozen(claims.roles));
    assert.ok(Object.isFrozen(profile));
    assert.ok(Object.isFrozen(profile.tags));
    assert.ok(Object.isFrozen(profile.tags[1]));
    assert.throws(() => {
      (claims as JwtClaims).sub = 'mallory';
    }, TypeError);
    assert.throws(() => (claims.roles as string[]).push('admin'), TypeError);
    assert.throws(() => {
      profile.tags[1].deep = false;
    }, TypeError);
    const again = verify(token);
    assert.equal(again.sub, 'u1');
    assert.deepEqual(again.roles, ['reader', 'writer']);
  });

  it('stays bounded: with max 2, a third token evicts the first', () => {
    const { sign, verify, calls } = jwtSetup({ max: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => sign({ sub }));
    verify(a!);
    verify(b!);
    verify(c!);
    assert.equal(calls(), 3);
    verify(c!);
    verify(b!);
    assert.equal(calls(), 3);
    verify(a!); // evicted: verified again, and now evicts b
    assert.equal(calls(), 4);
    verify(c!);
    assert.equal(calls(), 4);
    verify(b!);
    assert.equal(calls(), 5);
  });

  it('with max 0 is the verifier itself and verifies every time', () => {
    const { clock, sign, counted, calls } = jwtSetup();
    const verify = cachedVerifier(counted, clock, 0, 0);
    assert.equal(verify, counted);
    const token = sign({ sub: 'u1' });
    const first = verify(token);
    const second = verify(token);
    assert.equal(calls(), 2);
    assert.notEqual(first, second);
  });
});

describe('guard token cache', () => {
  it('is on by default: the same token twice shares one frozen claims object', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const first = ok(await world.guard.authenticate(headers(world.key, token)));
    const second = ok(await world.guard.authenticate(headers(world.key, token)));
    assert.equal(second.claims, first.claims);
    assert.ok(Object.isFrozen(second.claims));
    assert.equal(second.user.id, `user_${world.appId}`);
    assert.match(second.headers.RateLimit!, /r=997;/); // cached or not, each request is charged
  });

  it('with cache.tokens 0 verifies every time', async () => {
    const world = await makeWorld({ cache: { tokens: 0 } });
    const token = await tokenFor(world);
    const first = ok(await world.guard.authenticate(headers(world.key, token)));
    const second = ok(await world.guard.authenticate(headers(world.key, token)));
    assert.notEqual(second.claims, first.claims);
    assert.deepEqual(second.claims, first.claims);
  });

  it('refuses a cached token from its exp on with ERR_JWT_EXPIRED', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const first = ok(await world.guard.authenticate(headers(world.key, token)));
    const exp = first.claims.exp as number;
    world.clock.t = exp * 1000 - 1;
    const before = ok(await world.guard.authenticate(headers(world.key, token)));
    assert.equal(before.claims, first.claims);
    world.clock.t = exp * 1000;
    const after = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(refusal(after), [401, 'ERR_JWT_EXPIRED']);
    const again = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(refusal(again), [401, 'ERR_JWT_EXPIRED']);
  });

  it('applies jwt.clockToleranceSeconds to cached tokens too', async () => {
    const world = await makeWorld({ jwt: { secret: SECRET, clockToleranceSeconds: 30 } });
    const token = await tokenFor(world);
    const first = ok(await world.guard.authenticate(headers(world.key, token)));
    const exp = first.claims.exp as number;
    world.clock.t = (exp + 30) * 1000 - 1;
    const late = ok(await world.guard.authenticate(headers(world.key, token)));
    assert.equal(late.claims, first.claims);
    world.clock.t = (exp + 30) * 1000;
    const after = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(refusal(after), [401, 'ERR_JWT_EXPIRED']);
  });

  it('still applies revocation to a cached token', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const other = await tokenFor(world);
    const first = ok(await world.guard.authenticate(headers(world.key, token)));
    ok(await world.guard.authenticate(headers(world.key, other)));
    await world.guard.revoke(first.claims); // frozen claims are fine to revoke
    const after = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(refusal(after), [401, 'ERR_JWT_REVOKED']);
    // Another token of the same user, also cached, is not affected.
    ok(await world.guard.authenticate(headers(world.key, other)));
  });

  it('still checks that a cached token names the app of the key', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    ok(await world.guard.authenticate(headers(world.key, token)));
    const result = await world.guard.authenticate(headers(world.otherKey, token));
    assert.deepEqual(refusal(result), [401, 'ERR_JWT_APP_MISMATCH']);
  });

  it('stays bounded: with cache.tokens 2 a third token evicts the first', async () => {
    const world = await makeWorld({ cache: { tokens: 2 } });
    const [a, b, c] = [await tokenFor(world), await tokenFor(world), await tokenFor(world)];
    const claims = async (token: string): Promise<JwtClaims> =>
      ok(await world.guard.authenticate(headers(world.key, token))).claims;
    const ca = await claims(a);
    const cb = await claims(b);
    const cc = await claims(c);
    assert.equal(await claims(c), cc);
    assert.equal(await claims(b), cb);
    const ca2 = await claims(a); // evicted, verified again (and now evicts b)
    assert.notEqual(ca2, ca);
    assert.deepEqual(ca2, ca);
    assert.equal(await claims(c), cc);
    assert.equal(await claims(a), ca2);
    assert.notEqual(await claims(b), cb);
  });

  it('does not cache a refused token: a tampered one is refused every time', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    const tampered = tamper(token);
    for (let i = 0; i < 2; i++) {
      const result = await world.guard.authenticate(headers(world.key, tampered));
      assert.deepEqual(refusal(result), [401, 'ERR_JWT_SIGNATURE']);
    }
    ok(await world.guard.authenticate(headers(world.key, token)));
  });
});

describe('guard API key cache', () => {
  it('is on by default: a key seen again is not hashed again', async () => {
    const counting = countingApiKeyHasher();
    const world = await makeWorld({ apiKeys: { hasher: counting.hasher } });
    const token = await tokenFor(world); // the login hashes the key once
    assert.equal(counting.calls(), 1);
    for (let i = 0; i < 3; i++) ok(await world.guard.authenticate(headers(world.key, token)));
    assert.equal(counting.calls(), 1);
  });

  it('with cache.apiKeys 0 hashes the key on every request', async () => {
    const counting = countingApiKeyHasher();
    const world = await makeWorld({ apiKeys: { hasher: counting.hasher }, cache: { apiKeys: 0 } });
    const token = await tokenFor(world);
    for (let i = 0; i < 3; i++) ok(await world.guard.authenticate(headers(world.key, token)));
    assert.equal(counting.calls(), 4);
  });

  it('refuses a cached key at once when it is revoked or its app disabled', async () => {
    const world = await makeWorld();
    const token = await tokenFor(world);
    ok(await world.guard.authenticate(headers(world.key, token)));
    await world.admin.revokeKey(world.keyId);
    let result = await world.guard.authenticate(headers(world.key, token));
    assert.deepEqual(refusal(result), [401, 'ERR_API_KEY_REVOKED']);

    const otherToken = await tokenFor(world, world.otherKey);
    ok(await world.guard.authenticate(headers(world.otherKey, otherToken)));
    await world.admin.setAppStatus(world.otherAppId, 'disabled');
    result = await world.guard.authenticate(headers(world.otherKey, otherToken));
    assert.deepEqual(refusal(result), [403, 'ERR_APP_DISABLED']);
  });
});

describe('createGuard cache option', () => {
  const base = { stores: createMemoryStores(), jwt: { secret: SECRET }, clock: fakeClock() };

  it('accepts sizes from 0 to 10,000,000, and null or an empty object', () => {
    for (const cache of [{}, { tokens: 0, apiKeys: 0 }, { tokens: 10_000_000 }, null]) {
      const guard = createGuard({ ...base, cache: cache as never });
      assert.equal(typeof guard.authenticate, 'function');
    }
  });

  it('throws TypeError for a cache that is not an object', () => {
    for (const cache of ['x', 5, true]) {
      assert.throws(() => createGuard({ ...base, cache: cache as never }), TypeError);
    }
  });

  it('throws TypeError for a misspelt option, naming it', () => {
    for (const cache of [{ token: 0 }, { tokens: 0, apikeys: 0 }]) {
      assert.throws(
        () => createGuard({ ...base, cache: cache as never }),
        (err: unknown) => err instanceof TypeError && /unknown cache option "(token|apikeys)"/
          .test(err.message),
        JSON.stringify(cache),
      );
    }
  });

  it('throws TypeError for a size that is not an integer', () => {
    const cases = [{ apiKeys: 1.5 }, { tokens: 1.5 }, { tokens: '10' }, { apiKeys: NaN }];
    for (const cache of cases) {
      assert.throws(
        () => createGuard({ ...base, cache: cache as never }),
        (err: unknown) => err instanceof TypeError && /cache\.(tokens|apiKeys)/.test(err.message),
        JSON.stringify(cache),
      );
    }
  });

  it('throws RangeError for a size below 0 or above 10,000,000', () => {
    const cases = [{ tokens: -1 }, { apiKeys: -1 }, { tokens: 10_000_001 }];
    for (const cache of cases) {
      assert.throws(
        () => createGuard({ ...base, cache }),
        (err: unknown) => err instanceof RangeError && /cache\.(tokens|apiKeys)/.test(err.message),
        JSON.stringify(cache),
      );
    }
  });
});
