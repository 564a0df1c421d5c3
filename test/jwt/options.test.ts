// Options of createJwtSigner and createJwtVerifier: checked once, at creation, with TypeError
// or RangeError; key rotation through a key ring; error messages that never echo a secret or a
// token. Both crypto providers.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { AuthError } from '../../src/errors.ts';
import { createJwtSigner, createJwtVerifier } from '../../src/jwt/index.ts';
import type { JwtSignerOptions, JwtVerifierOptions } from '../../src/jwt/index.ts';
import {
  HEADER,
  NOW,
  OTHER_SECRET,
  SECRET,
  assertCode,
  claimsJson,
  fakeClock,
  forge,
  providers,
} from '../fixtures/jwt-tokens.ts';

type ErrorClass = typeof TypeError | typeof RangeError;
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const PEM = ascii(`-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0B'.repeat(3)}\n`);
const JWK = ascii('{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T"}');

/** Secrets refused by both factories, with the error class each gives. */
const badSecrets: Array<[string, unknown, ErrorClass]> = [
  ['31 bytes', SECRET.subarray(0, 31), RangeError],
  ['no bytes', new Uint8Array(0), RangeError],
  ['a string', 'a-string-secret-of-32-characters', TypeError],
  ['an ArrayBuffer', new ArrayBuffer(32), TypeError],
  ['an array of numbers', Array.from(SECRET), TypeError],
  ['a PEM document', PEM, TypeError],
  ['a PEM document after blank lines', ascii(`\n\r\n  ${Buffer.from(PEM).toString('latin1')}`),
    TypeError],
  ['a JWK JSON document', JWK, TypeError],
  ['a JWK set', ascii(`{"keys":[${Buffer.from(JWK).toString('latin1')}]}\n`), TypeError],
];

for (const crypto of providers) {
  const verifierWith = (options: Record<string, unknown>) => () =>
    createJwtVerifier({ secret: SECRET, crypto, ...options } as JwtVerifierOptions);
  const signerWith = (options: Record<string, unknown>) => () =>
    createJwtSigner({ secret: SECRET, crypto, ...options } as JwtSignerOptions);

  describe(`createJwtVerifier options (${crypto.name} provider)`, () => {
    for (const [what, secret, error] of badSecrets) {
      it(`refuses a secret that is ${what} with a ${error.name}`, () => {
        assert.throws(verifierWith({ secret }), error);
        assert.throws(verifierWith({ secret: undefined, keys: [{ kid: 'a', secret }] }), error);
      });
    }

    it('accepts a secret of exactly 32 bytes and one that merely contains {', () => {
      assert.equal(typeof verifierWith({ secret: SECRET })(), 'function');
      assert.equal(typeof verifierWith({ secret: ascii(`{${'x'.repeat(40)}}`) })(), 'function');
    });

    it('refuses both secret and keys, or neither, with a TypeError', () => {
      assert.throws(verifierWith({ keys: [{ kid: 'a', secret: SECRET }] }), TypeError);
      assert.throws(verifierWith({ secret: undefined }), TypeError);
    });

    it('refuses an empty key ring, duplicate kids and bad kids with a TypeError', () => {
      const ring = (keys: unknown) => verifierWith({ secret: undefined, keys });
      assert.throws(ring([]), TypeError);
      assert.throws(ring({ kid: 'a', secret: SECRET }), TypeError);
      assert.throws(ring([{ kid: 'a', secret: SECRET }, { kid: 'a', secret: OTHER_SECRET }]),
        TypeError);
      assert.throws(ring([{ kid: '', secret: SECRET }]), TypeError);
      assert.throws(ring([{ kid: 7, secret: SECRET }]), TypeError);
      assert.throws(ring([{ kid: 'x'.repeat(257), secret: SECRET }]), TypeError);
      assert.throws(ring([null]), TypeError);
    });

    it('refuses a clockToleranceSeconds outside 0..300 or non-finite', () => {
      for (const bad of [-1, 301, 1e9]) {
        assert.throws(verifierWith({ clockToleranceSeconds: bad }), RangeError);
      }
      for (const bad of [NaN, Infinity, -Infinity, '30', null]) {
        assert.throws(verifierWith({ clockToleranceSeconds: bad }), TypeError);
      }
      verifierWith({ clockToleranceSeconds: 0 })();
      verifierWith({ clockToleranceSeconds: 300 })();
    });

    it('refuses a maxTokenLength that is not an integer from 64 to 65536', () => {
      for (const bad of [0, -1, 63, 65537]) {
        assert.throws(verifierWith({ maxTokenLength: bad }), RangeError);
      }
      for (const bad of [100.5, NaN, Infinity, '8192', null]) {
        assert.throws(verifierWith({ maxTokenLength: bad }), TypeError);
      }
      verifierWith({ maxTokenLength: 64 })();
      verifierWith({ maxTokenLength: 65536 })();
    });

    it('refuses a bad audience, issuer or requiredClaims with a TypeError', () => {
      for (const audience of ['', [], [''], [1], ['api', 2], 5, null, { api: true }]) {
        assert.throws(verifierWith({ audience }), TypeError);
      }
      for (const issuer of ['', 1, null, ['https://auth.example']]) {
        assert.throws(verifierWith({ issuer }), TypeError);
      }
      for (const requiredClaims of ['sub', [''], ['__proto__'], [1], null]) {
        assert.throws(verifierWith({ requiredClaims }), TypeError);
      }
    });

    it('refuses a bad maxLifetimeSeconds, clock or crypto', () => {
      assert.throws(verifierWith({ maxLifetimeSeconds: 0 }), RangeError);
      assert.throws(verifierWith({ maxLifetimeSeconds: NaN }), TypeError);
      assert.throws(verifierWith({ clock: {} }), TypeError);
      assert.throws(verifierWith({ clock: () => NOW }), TypeError);
      assert.throws(verifierWith({ crypto: {} }), TypeError);
    });

    it('refuses unknown options and a non-object with a TypeError', () => {
      assert.throws(verifierWith({ algorithms: ['HS256'] }), TypeError);
      assert.throws(verifierWith({ clockTolerance: 30 }), TypeError);
      assert.throws(() => createJwtVerifier(null as unknown as JwtVerifierOptions), TypeError);
    });

    it('reads its options once: later changes to them change nothing', () => {
      const audience = ['api'];
      const options = { secret: new Uint8Array(SECRET), audience, issuer: 'i', crypto,
        clock: fakeClock() };
      const verify = createJwtVerifier(options);
      const token = forge(HEADER, claimsJson(',"iss":"i","aud":"api"'));
      audience[0] = 'web';
      options.issuer = 'j';
      options.secret.fill(0);
      assert.equal(verify(token).aud, 'api');
    });
  });

  describe(`createJwtSigner options (${crypto.name} provider)`, () => {
    for (const [what, secret, error] of badSecrets) {
      it(`refuses a secret that is ${what} with a ${error.name}`, () => {
        assert.throws(signerWith({ secret }), error);
        const keys = [{ kid: 'a', secret }];
        assert.throws(signerWith({ secret: undefined, keys, activeKid: 'a' }), error);
      });
    }

    it('refuses both secret and keys, and activeKid without keys, with a TypeError', () => {
      const keys = [{ kid: 'a', secret: SECRET }];
      assert.throws(signerWith({ keys, activeKid: 'a' }), TypeError);
      assert.throws(signerWith({ activeKid: 'a' }), TypeError);
    });

    it('refuses an activeKid that names none of the keys with a RangeError', () => {
      const keys = [{ kid: 'a', secret: SECRET }];
      assert.throws(signerWith({ secret: undefined, keys, activeKid: 'b' }), RangeError);
      assert.throws(signerWith({ secret: undefined, keys, activeKid: '__proto__' }), RangeError);
      assert.throws(signerWith({ secret: undefined, keys }), TypeError);
    });

    it('refuses duplicate kids with a TypeError', () => {
      const keys = [{ kid: 'a', secret: SECRET }, { kid: 'a', secret: OTHER_SECRET }];
      assert.throws(signerWith({ secret: undefined, keys, activeKid: 'a' }), TypeError);
    });

    it('refuses a ttlSeconds that is not a positive finite number', () => {
      for (const bad of [0, -60]) assert.throws(signerWith({ ttlSeconds: bad }), RangeError);
      for (const bad of [NaN, Infinity, '900', null]) {
        assert.throws(signerWith({ ttlSeconds: bad }), TypeError);
      }
    });

    it('refuses a bad issuer, audience, clock or unknown option with a TypeError', () => {
      assert.throws(signerWith({ issuer: '' }), TypeError);
      assert.throws(signerWith({ audience: [] }), TypeError);
      assert.throws(signerWith({ audience: [''] }), TypeError);
      assert.throws(signerWith({ ttlSeconds: 60, clock: { now: 1 } }), TypeError);
      assert.throws(signerWith({ expiresIn: '1h' }), TypeError);
    });
  });

  describe(`key rotation (${crypto.name} provider)`, () => {
    const oldKey = { kid: '2026-11', secret: OTHER_SECRET };
    const newKey = { kid: '2026-12', secret: SECRET };
    const clock = fakeClock();
    const signer = (activeKid: string) =>
      createJwtSigner({ keys: [newKey, oldKey], activeKid, ttlSeconds: 600, clock, crypto });
    const verifier = (keys: Array<typeof oldKey>) => createJwtVerifier({ keys, clock, crypto });

    it('verifies tokens of the old kid while it is in the ring, and of the new one', () => {
      const both = verifier([newKey, oldKey]);
      assert.equal(both(signer('2026-11')({ sub: 'old' })).sub, 'old');
      assert.equal(both(signer('2026-12')({ sub: 'new' })).sub, 'new');
    });

    it('refuses tokens of the old kid once it leaves the ring, with ERR_JWT_KID', () => {
      const oldToken = signer('2026-11')({ sub: 'old' });
      assertCode(() => verifier([newKey])(oldToken), 'ERR_JWT_KID', 'kid');
      assert.equal(verifier([newKey])(signer('2026-12')({ sub: 'new' })).sub, 'new');
    });

    it('round-trips kids that need JSON escapes or UTF-8 in the header', () => {
      for (const kid of ['a"b', 'back\\slash', 'ключ', '😀', 'line\u2028sep', '__proto__']) {
        const keys = [{ kid, secret: SECRET }];
        const token = createJwtSigner({ keys, activeKid: kid, ttlSeconds: 60, clock, crypto })({});
        assert.equal(createJwtVerifier({ keys, clock, crypto })(token).exp, NOW + 60, kid);
      }
    });

    it('refuses a ring token with a verifier that has a single secret, with ERR_JWT_KID', () => {
      const token = signer('2026-12')({ sub: 'new' });
      const single = createJwtVerifier({ secret: SECRET, clock, crypto });
      assertCode(() => single(token), 'ERR_JWT_KID', 'kid');
    });
  });

  describe(`error messages (${crypto.name} provider)`, () => {
    it('never echo the token, a segment, a claim value or the secret', () => {
      const verify = createJwtVerifier({ secret: SECRET, issuer: 'https://auth.example',
        clock: fakeClock(), crypto });
      const tokens = [
        forge(HEADER, claimsJson(',"iss":"https://evil.example"')),
        forge('{"alg":"none","secretish":"s3cr3t-value"}', claimsJson()),
        forge(HEADER, claimsJson(',"s3cr3t-value":1,"s3cr3t-value":2')),
        forge(HEADER, claimsJson(',"iss":"https://auth.example"', '"s3cr3t-value"')),
        `${forge(HEADER, claimsJson())} s3cr3t-value`,
        forge(HEADER, claimsJson(',"iss":"https://auth.example"'), OTHER_SECRET),
      ];
      for (const token of tokens) {
        assert.throws(() => verify(token), (err: unknown) => {
          assert.ok(err instanceof AuthError);
          for (const piece of [...token.split('.'), 's3cr3t-value', 'evil']) {
            assert.ok(!err.message.includes(piece), `${err.code} message echoes input`);
          }
          return true;
        });
      }
      assert.throws(verifierWith({ secret: PEM }), (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.ok(!err.message.includes('MIIE'));
        return true;
      });
    });
  });
}
