// createJwtSigner: the header it writes, the claims it completes from its options and a fake
// clock, byte-identical output to createHmac + JSON.stringify, and tokens the verifier accepts.
// Both crypto providers.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { createJwtSigner, createJwtVerifier } from '../../src/jwt/index.ts';
import type { JwtClaims } from '../../src/jwt/index.ts';
import {
  HEADER,
  NOW,
  OTHER_SECRET,
  SECRET,
  assertCode,
  b64url,
  fakeClock,
  hs256,
  providers,
} from '../fixtures/jwt-tokens.ts';

const ISSUER = 'https://auth.example';

/** The inputs of ../shared/peers (lib/fixtures.mjs), rebuilt: its 32-byte secret and payload. */
const peers = (() => {
  const secret = new Uint8Array(createHash('sha256').update('peers-bench-hs256-secret').digest());
  const payload = { sub: 'user_123', app: 'app_42', iat: 1700000000, exp: 4102444800,
    scope: 'read write' };
  const input = `${b64url(HEADER)}.${b64url(JSON.stringify(payload))}`;
  return { secret, payload, token: `${input}.${hs256(input, secret)}` };
})();
const decode = (segment: string): string => Buffer.from(segment, 'base64url').toString('utf8');
const parts = (token: string): [string, string, string] =>
  token.split('.') as [string, string, string];

for (const crypto of providers) {
  describe(`createJwtSigner (${crypto.name} provider)`, () => {
    it('writes exactly the header {"alg":"HS256","typ":"JWT"}', () => {
      const token = createJwtSigner({ secret: SECRET, crypto })({ exp: NOW + 60 });
      assert.equal(decode(parts(token)[0]), HEADER);
      assert.equal(parts(token)[0], 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9');
    });

    it('writes the kid of the active key when signing from a key ring', () => {
      const keys = [{ kid: '2026-12', secret: SECRET }, { kid: '2026-11', secret: OTHER_SECRET }];
      const sign = createJwtSigner({ keys, activeKid: '2026-11', crypto });
      const [h, p, s] = parts(sign({ exp: NOW + 60 }));
      assert.equal(decode(h), '{"alg":"HS256","typ":"JWT","kid":"2026-11"}');
      assert.equal(s, hs256(`${h}.${p}`, OTHER_SECRET));
    });

    it('gives the byte-identical token of createHmac over JSON.stringify (peers inputs)', () => {
      const { secret, payload, token } = peers;
      const input = `${b64url(HEADER)}.${b64url(JSON.stringify(payload))}`;
      const expected = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      assert.equal(token, expected);
      assert.equal(createJwtSigner({ secret, crypto })(payload), expected);
    });

    it('verifies the peers token, and refuses its expired and bad-MAC variants', () => {
      const verify = createJwtVerifier({ secret: peers.secret, clock: fakeClock(), crypto });
      assert.deepEqual({ ...verify(peers.token) }, peers.payload);
      const expired = { ...peers.payload, exp: NOW + 1 };
      const late = createJwtVerifier({ secret: peers.secret, clock: fakeClock((NOW + 1) * 1000),
        crypto });
      const expiredToken = createJwtSigner({ secret: peers.secret, crypto })(expired);
      assertCode(() => late(expiredToken), 'ERR_JWT_EXPIRED');
      const [h, p, s] = parts(peers.token);
      const mac = Buffer.from(s, 'base64url');
      mac[0]! ^= 1;
      assertCode(() => verify(`${h}.${p}.${mac.toString('base64url')}`), 'ERR_JWT_SIGNATURE');
    });

    it('encodes non-ASCII claims as UTF-8, like Buffer does', () => {
      const payload = { sub: 'Zoë ✓ 𝄞', exp: NOW + 60, note: '\u00ff\u0100' };
      const [h, p, s] = parts(createJwtSigner({ secret: SECRET, crypto })(payload));
      assert.equal(p, b64url(JSON.stringify(payload)));
      assert.equal(s, hs256(`${h}.${p}`));
      assert.deepEqual(JSON.parse(decode(p)), payload);
    });

    it('sets exp = now + ttlSeconds and iat = now from the clock when absent', () => {
      const clock = fakeClock(NOW * 1000 + 999);
      const sign = createJwtSigner({ secret: SECRET, ttlSeconds: 900, clock, crypto });
      const claims = JSON.parse(decode(parts(sign({ sub: 'u' }))[1]));
      assert.deepEqual(claims, { sub: 'u', iat: NOW, exp: NOW + 900 });
      clock.set((NOW + 60) * 1000);
      const later = JSON.parse(decode(parts(sign({ sub: 'u' }))[1]));
      assert.deepEqual([later.iat, later.exp], [NOW + 60, NOW + 960]);
    });

    it('keeps an iat or exp the claims already have', () => {
      const sign = createJwtSigner({ secret: SECRET, ttlSeconds: 900, clock: fakeClock(),
        crypto });
      const claims = JSON.parse(decode(parts(sign({ iat: NOW - 5, exp: NOW + 30 }))[1]));
      assert.deepEqual(claims, { iat: NOW - 5, exp: NOW + 30 });
    });

    it('writes iss and aud from its options', () => {
      const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, audience: ['api', 'web'],
        ttlSeconds: 60, clock: fakeClock(), crypto });
      const claims = JSON.parse(decode(parts(sign({ sub: 'u' }))[1]));
      assert.deepEqual(claims, { sub: 'u', iss: ISSUER, aud: ['api', 'web'], iat: NOW,
        exp: NOW + 60 });
      const one = createJwtSigner({ secret: SECRET, audience: 'api', crypto })({ exp: NOW + 1 });
      assert.equal(JSON.parse(decode(parts(one)[1])).aud, 'api');
    });

    it('leaves the caller\'s claims object unchanged', () => {
      const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, ttlSeconds: 60,
        clock: fakeClock(), crypto });
      const claims = { sub: 'u' };
      sign(claims);
      assert.deepEqual(claims, { sub: 'u' });
    });

    it('signs the same claims into the same token', () => {
      const sign = createJwtSigner({ secret: SECRET, crypto });
      assert.equal(sign({ sub: 'u', exp: NOW + 60 }), sign({ sub: 'u', exp: NOW + 60 }));
    });

    it('produces tokens the verifier accepts, under either provider', () => {
      const clock = fakeClock();
      const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, audience: 'api',
        ttlSeconds: 600, clock, crypto });
      const token = sign({ sub: 'user_123', app: 'app_42' });
      for (const other of providers) {
        const verify = createJwtVerifier({ secret: SECRET, issuer: ISSUER, audience: 'api',
          maxLifetimeSeconds: 600, clock, crypto: other });
        const claims = verify(token);
        assert.deepEqual({ ...claims }, { sub: 'user_123', app: 'app_42', iss: ISSUER,
          aud: 'api', iat: NOW, exp: NOW + 600 });
      }
    });

    it('signs with a secret longer than 64 bytes or held in an offset view', () => {
      const long = Uint8Array.from({ length: 100 }, (_, i) => i * 7);
      const backing = Uint8Array.from({ length: 80 }, (_, i) => 255 - i);
      const view = backing.subarray(13, 13 + 40);
      for (const secret of [long, view]) {
        const [h, p, s] = parts(createJwtSigner({ secret, crypto })({ exp: NOW + 60 }));
        assert.equal(s, hs256(`${h}.${p}`, new Uint8Array(secret)));
      }
    });

    it('throws a TypeError for claims without a usable exp and no ttlSeconds', () => {
      const sign = createJwtSigner({ secret: SECRET, crypto });
      assert.throws(() => sign({ sub: 'u' }), TypeError);
      assert.throws(() => sign({ exp: Infinity }), TypeError);
      assert.throws(() => sign({ exp: '1700000600' as unknown as number }), TypeError);
      assert.throws(() => sign(null as unknown as { exp: number }), TypeError);
      assert.throws(() => sign([] as unknown as { exp: number }), TypeError);
    });

    it('throws a TypeError for claims whose iss or aud contradict its options', () => {
      const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, audience: 'api', crypto });
      assert.throws(() => sign({ iss: 'https://evil.example', exp: NOW + 60 }), TypeError);
      assert.throws(() => sign({ aud: 'web', exp: NOW + 60 }), TypeError);
    });

    it('throws a TypeError for claims with an own __proto__ member when it adds claims', () => {
      const sign = createJwtSigner({ secret: SECRET, issuer: ISSUER, crypto });
      const claims = JSON.parse(`{"__proto__":{"admin":true},"exp":${NOW + 60}}`) as JwtClaims;
      assert.throws(() => sign(claims), TypeError);
    });
  });
}
