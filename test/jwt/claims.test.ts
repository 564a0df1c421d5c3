// The claims checks (issue 2, "Strictness"; RFC 7519 §4.1): exp, nbf, iat and the clock
// tolerance, lifetime, issuer, audience, required claims, and the object the verifier returns.
// A fake clock only; both crypto providers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJwtVerifier } from '../../src/jwt/index.ts';
import type { JwtVerifierOptions } from '../../src/jwt/index.ts';
import {
  HEADER,
  NOW,
  SECRET,
  assertCode,
  fakeClock,
  forge,
  providers,
} from '../fixtures/jwt-tokens.ts';

const EXP = NOW + 600;
const ISSUER = 'https://auth.example';

for (const crypto of providers) {
  /** A verifier at NOW (or `at` seconds) with these options. */
  const verifier = (options: Partial<JwtVerifierOptions> = {}, at: number = NOW) =>
    createJwtVerifier({ secret: SECRET, clock: fakeClock(at * 1000), crypto, ...options });
  /** Verifies a token whose payload is `{...members}` (JSON text between the braces). */
  const check = (members: string, options: Partial<JwtVerifierOptions> = {}, at?: number) =>
    verifier(options, at)(forge(HEADER, `{${members}}`));

  describe(`createJwtVerifier: exp (${crypto.name} provider)`, () => {
    it('refuses a token without exp with ERR_JWT_CLAIM_MISSING', () => {
      assertCode(() => check('"sub":"user_123"'), 'ERR_JWT_CLAIM_MISSING', 'exp');
      assertCode(() => check(''), 'ERR_JWT_CLAIM_MISSING', 'exp');
    });

    it('refuses an exp that is not a finite number with ERR_JWT_CLAIM_INVALID', () => {
      for (const exp of ['"1700000600"', 'true', 'null', '1e999', '-1e999', '[1700000600]', '{}']) {
        assertCode(() => check(`"exp":${exp}`), 'ERR_JWT_CLAIM_INVALID', 'exp');
      }
    });

    it('refuses a token at its exp and after it with ERR_JWT_EXPIRED', () => {
      assertCode(() => check(`"exp":${NOW}`), 'ERR_JWT_EXPIRED', 'exp');
      assertCode(() => check(`"exp":${NOW - 1}`), 'ERR_JWT_EXPIRED', 'exp');
      assertCode(() => check('"exp":0'), 'ERR_JWT_EXPIRED', 'exp');
    });

    it('accepts a token one second, or one millisecond, before its exp', () => {
      assert.equal(check(`"exp":${NOW + 1}`).exp, NOW + 1);
      const verify = createJwtVerifier({ secret: SECRET, clock: fakeClock(EXP * 1000 - 1),
        crypto });
      assert.equal(verify(forge(HEADER, `{"exp":${EXP}}`)).exp, EXP);
    });

    it('honours the clock tolerance: refused at or before now minus the tolerance', () => {
      const options = { clockToleranceSeconds: 30 };
      assert.equal(check(`"exp":${NOW - 29}`, options).exp, NOW - 29);
      assertCode(() => check(`"exp":${NOW - 30}`, options), 'ERR_JWT_EXPIRED');
      assertCode(() => check(`"exp":${NOW - 31}`, options), 'ERR_JWT_EXPIRED');
    });

    it('fails closed when the clock reads NaN or nothing: ERR_JWT_EXPIRED', () => {
      // A clock bound to the wrong `this` reads undefined; now / 1000 is then NaN, and every
      // comparison with NaN is false: an `exp <= now` check would accept any token.
      const token = forge(HEADER, '{"exp":1,"nbf":99999999999,"iat":99999999999}');
      for (const reading of [NaN, undefined, 'soon']) {
        const clock = { now: () => reading as unknown as number };
        const verify = createJwtVerifier({ secret: SECRET, clock, crypto });
        assertCode(() => verify(token), 'ERR_JWT_EXPIRED', 'exp');
      }
    });

    it('follows the clock: the same verifier refuses the token once the clock reaches exp', () => {
      const clock = fakeClock((EXP - 1) * 1000);
      const verify = createJwtVerifier({ secret: SECRET, clock, crypto });
      const token = forge(HEADER, `{"exp":${EXP}}`);
      assert.equal(verify(token).exp, EXP);
      clock.set(EXP * 1000);
      assertCode(() => verify(token), 'ERR_JWT_EXPIRED');
    });
  });

  describe(`createJwtVerifier: nbf and iat (${crypto.name} provider)`, () => {
    it('refuses an nbf after now with ERR_JWT_NOT_YET_VALID, accepts nbf at now', () => {
      assertCode(() => check(`"exp":${EXP},"nbf":${NOW + 1}`), 'ERR_JWT_NOT_YET_VALID', 'nbf');
      assert.equal(check(`"exp":${EXP},"nbf":${NOW}`).nbf, NOW);
    });

    it('honours the tolerance for nbf: refused only after now plus the tolerance', () => {
      const options = { clockToleranceSeconds: 30 };
      assert.equal(check(`"exp":${EXP},"nbf":${NOW + 30}`, options).nbf, NOW + 30);
      assertCode(() => check(`"exp":${EXP},"nbf":${NOW + 31}`, options), 'ERR_JWT_NOT_YET_VALID');
    });

    it('refuses an nbf that is not a finite number with ERR_JWT_CLAIM_INVALID', () => {
      for (const nbf of ['"0"', 'null', '1e999', 'false']) {
        assertCode(() => check(`"exp":${EXP},"nbf":${nbf}`), 'ERR_JWT_CLAIM_INVALID', 'nbf');
      }
    });

    it('refuses an iat in the future with ERR_JWT_ISSUED_IN_FUTURE, accepts iat at now', () => {
      const future = `"exp":${EXP},"iat":${NOW + 1}`;
      assertCode(() => check(future), 'ERR_JWT_ISSUED_IN_FUTURE', 'iat');
      assert.equal(check(`"exp":${EXP},"iat":${NOW}`).iat, NOW);
    });

    it('honours the tolerance for iat: refused only after now plus the tolerance', () => {
      const options = { clockToleranceSeconds: 30 };
      assert.equal(check(`"exp":${EXP},"iat":${NOW + 30}`, options).iat, NOW + 30);
      const future = `"exp":${EXP},"iat":${NOW + 31}`;
      assertCode(() => check(future, options), 'ERR_JWT_ISSUED_IN_FUTURE');
    });

    it('refuses an iat that is not a finite number with ERR_JWT_CLAIM_INVALID', () => {
      for (const iat of ['"1700000000"', 'null', '1e999', '-1e999', 'true', '[]']) {
        assertCode(() => check(`"exp":${EXP},"iat":${iat}`), 'ERR_JWT_CLAIM_INVALID', 'iat');
      }
    });

    it('accepts non-integer NumericDates (RFC 7519 §2)', () => {
      const claims = check(`"exp":1700000600.5,"nbf":1699999999.5,"iat":1699999999.25`);
      assert.deepEqual([claims.exp, claims.nbf, claims.iat], [1700000600.5, 1699999999.5,
        1699999999.25]);
      assert.equal(check('"exp":1700000000.5').exp, 1700000000.5);
      assertCode(() => check('"exp":1700000000.5', {}, NOW + 0.5), 'ERR_JWT_EXPIRED');
    });
  });

  describe(`createJwtVerifier: maxLifetimeSeconds (${crypto.name} provider)`, () => {
    const options = { maxLifetimeSeconds: 3600 };

    it('refuses exp - iat over the maximum with ERR_JWT_LIFETIME, not at the maximum', () => {
      assert.equal(check(`"iat":${NOW},"exp":${NOW + 3600}`, options).exp, NOW + 3600);
      const over = `"iat":${NOW},"exp":${NOW + 3601}`;
      assertCode(() => check(over, options), 'ERR_JWT_LIFETIME', 'exp');
      const old = `"iat":${NOW - 3000},"exp":${NOW + 601}`;
      assertCode(() => check(old, options), 'ERR_JWT_LIFETIME', 'exp');
    });

    it('measures exp - now when there is no iat', () => {
      assert.equal(check(`"exp":${NOW + 3600}`, options).exp, NOW + 3600);
      assertCode(() => check(`"exp":${NOW + 3601}`, options), 'ERR_JWT_LIFETIME');
    });

    it('catches an exp written in milliseconds', () => {
      const ms = `"iat":${NOW},"exp":${EXP * 1000}`;
      assertCode(() => check(ms, options), 'ERR_JWT_LIFETIME');
      assertCode(() => check(`"exp":${EXP * 1000}`, options), 'ERR_JWT_LIFETIME');
      assert.equal(check(ms).exp, EXP * 1000, 'no lifetime limit unless configured');
    });
  });

  describe(`createJwtVerifier: issuer (${crypto.name} provider)`, () => {
    const options = { issuer: ISSUER };

    it('accepts the exact issuer', () => {
      assert.equal(check(`"iss":"${ISSUER}","exp":${EXP}`, options).iss, ISSUER);
    });

    it('refuses any other iss with ERR_JWT_ISSUER', () => {
      const others = ['https://evil.example', `${ISSUER}/`, 'HTTPS://AUTH.EXAMPLE', ` ${ISSUER}`,
        '', 'https://auth.example.evil'];
      for (const iss of others) {
        assertCode(() => check(`"iss":"${iss}","exp":${EXP}`, options), 'ERR_JWT_ISSUER', 'iss');
      }
    });

    it('refuses a missing iss with ERR_JWT_CLAIM_MISSING and a non-string one as invalid', () => {
      assertCode(() => check(`"exp":${EXP}`, options), 'ERR_JWT_CLAIM_MISSING', 'iss');
      for (const iss of ['1', 'null', `["${ISSUER}"]`]) {
        const members = `"iss":${iss},"exp":${EXP}`;
        assertCode(() => check(members, options), 'ERR_JWT_CLAIM_INVALID', 'iss');
      }
    });
  });

  describe(`createJwtVerifier: audience (${crypto.name} provider)`, () => {
    const one = { audience: 'api' };
    const list = { audience: ['api', 'web'] };
    const aud = (value: string, options: Partial<JwtVerifierOptions>) =>
      check(`"aud":${value},"exp":${EXP}`, options);

    it('accepts an aud that is, or contains, an accepted audience', () => {
      assert.equal(aud('"api"', one).aud, 'api');
      assert.deepEqual(aud('["other","api"]', one).aud, ['other', 'api']);
      assert.equal(aud('"web"', list).aud, 'web');
      assert.deepEqual(aud('["mobile","web"]', list).aud, ['mobile', 'web']);
    });

    it('refuses a missing aud when an audience is configured, with ERR_JWT_CLAIM_MISSING', () => {
      assertCode(() => check(`"exp":${EXP}`, one), 'ERR_JWT_CLAIM_MISSING', 'aud');
      assertCode(() => check(`"exp":${EXP}`, list), 'ERR_JWT_CLAIM_MISSING', 'aud');
    });

    it('refuses an aud with none of the accepted values with ERR_JWT_AUDIENCE', () => {
      for (const value of ['"api "', '"API"', '""', '[]', '["other"]', '[""]', '["api2"]']) {
        assertCode(() => aud(value, one), 'ERR_JWT_AUDIENCE', 'aud');
      }
      assertCode(() => aud('"mobile"', list), 'ERR_JWT_AUDIENCE', 'aud');
      assertCode(() => aud('["api web"]', list), 'ERR_JWT_AUDIENCE', 'aud');
    });

    it('refuses an aud that is not a string or list of strings: ERR_JWT_CLAIM_INVALID', () => {
      for (const value of ['[123]', '["api",123]', '123', 'null', '{"api":true}', 'true']) {
        assertCode(() => aud(value, one), 'ERR_JWT_CLAIM_INVALID', 'aud');
      }
    });
  });

  describe(`createJwtVerifier: other claims (${crypto.name} provider)`, () => {
    it('refuses a missing required claim with ERR_JWT_CLAIM_MISSING naming it', () => {
      const options = { requiredClaims: ['sub', 'app'] };
      assertCode(() => check(`"sub":"u","exp":${EXP}`, options), 'ERR_JWT_CLAIM_MISSING', 'app');
      assertCode(() => check(`"app":"a","exp":${EXP}`, options), 'ERR_JWT_CLAIM_MISSING', 'sub');
      assert.equal(check(`"sub":"u","app":null,"exp":${EXP}`, options).app, null);
    });

    it('refuses a sub or jti that is not a string with ERR_JWT_CLAIM_INVALID', () => {
      assertCode(() => check(`"sub":123,"exp":${EXP}`), 'ERR_JWT_CLAIM_INVALID', 'sub');
      assertCode(() => check(`"jti":{},"exp":${EXP}`), 'ERR_JWT_CLAIM_INVALID', 'jti');
    });

    it('returns the claims as a fresh object with a null prototype', () => {
      const verify = verifier();
      for (const payload of [`{"sub":"u","exp":${EXP}}`, `{"sub":"u","exp":${EXP},"o":{}}`]) {
        const token = forge(HEADER, payload);
        const first = verify(token);
        assert.equal(Object.getPrototypeOf(first), null);
        assert.equal(first.sub, 'u');
        first.sub = 'mallory';
        first.admin = true;
        const second = verify(token);
        assert.notEqual(second, first);
        assert.equal(second.sub, 'u');
        assert.equal(second.admin, undefined);
        assert.equal('toString' in second, false);
      }
    });
  });
}
