// The verifier's refusals of a token's shape, encoding and header (issue 2, "Strictness"), each
// with its own code, under both crypto providers. Hostile tokens carry a valid MAC (forged with
// node:crypto's createHmac), so each fails only for the property its title names.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { CryptoProvider, HmacSha256 } from '../../src/crypto/types.ts';
import { createJwtVerifier } from '../../src/jwt/index.ts';
import {
  HEADER,
  OTHER_SECRET,
  SECRET,
  assertCode,
  b64url,
  claimsJson,
  fakeClock,
  forge,
  forgeSegments,
  hs256,
  providers,
  withTrailingBits,
} from '../fixtures/jwt-tokens.ts';

/** A provider that counts the MACs its keys compute. */
function countingProvider(base: CryptoProvider): { crypto: CryptoProvider; macs: () => number } {
  let macs = 0;
  const hmacSha256 = (key: Uint8Array): HmacSha256 => {
    const inner = base.hmacSha256(key);
    return {
      mac: (data) => (macs++, inner.mac(data)),
      macLatin1Base64url: (text) => (macs++, inner.macLatin1Base64url(text)),
      macHex: (text) => (macs++, inner.macHex(text)),
    };
  };
  return { crypto: { ...base, hmacSha256 }, macs: () => macs };
}

/** A header whose segment length leaves unused bits in its last character (28 bytes). */
const SPACED_HEADER = '{ "alg":"HS256","typ":"JWT"}';

for (const crypto of providers) {
  describe(`createJwtVerifier: shape and encoding (${crypto.name} provider)`, () => {
    const verify = createJwtVerifier({ secret: SECRET, clock: fakeClock(), crypto });
    const good = forge(HEADER, claimsJson());
    const [h, p, s] = good.split('.') as [string, string, string];

    it('accepts the well-formed token the refusals below are variations of', () => {
      assert.equal(verify(good).sub, 'user_123');
      assert.equal(verify(forge(SPACED_HEADER, claimsJson())).sub, 'user_123');
    });

    it('refuses an empty or non-string token with ERR_JWT_MISSING', () => {
      assertCode(() => verify(''), 'ERR_JWT_MISSING');
      assertCode(() => verify(undefined as unknown as string), 'ERR_JWT_MISSING');
      assertCode(() => verify(42 as unknown as string), 'ERR_JWT_MISSING');
    });

    describe('length cap', () => {
      it('accepts a token of exactly maxTokenLength and refuses one character more', () => {
        const at = createJwtVerifier({ secret: SECRET, maxTokenLength: good.length, crypto,
          clock: fakeClock() });
        assert.equal(at(good).sub, 'user_123');
        const under = createJwtVerifier({ secret: SECRET, maxTokenLength: good.length - 1,
          crypto, clock: fakeClock() });
        assertCode(() => under(good), 'ERR_JWT_TOO_LONG');
      });

      it('caps tokens at 8192 characters by default', () => {
        let exact = '';
        for (let n = 6000; n < 6100 && exact.length !== 8192; n++) {
          exact = forge(HEADER, claimsJson(`,"pad":"${'x'.repeat(n)}"`));
        }
        assert.equal(exact.length, 8192);
        assert.equal(verify(exact).sub, 'user_123');
        assertCode(() => verify(exact + 'A'), 'ERR_JWT_TOO_LONG');
        assert.equal(verify(good).sub, 'user_123', 'a short token after a long one');
      });

      it('refuses an over-long token before any other work: no MAC, no clock read', () => {
        const counting = countingProvider(crypto);
        let reads = 0;
        const clock = { now: () => (reads++, 1_700_000_000_000) };
        const capped = createJwtVerifier({ secret: SECRET, clock, crypto: counting.crypto });
        assertCode(() => capped(good + 'A'.repeat(8192)), 'ERR_JWT_TOO_LONG');
        assertCode(() => capped(' .'.repeat(5000)), 'ERR_JWT_TOO_LONG');
        assertCode(() => capped('='.repeat(8193)), 'ERR_JWT_TOO_LONG');
        assert.equal(counting.macs(), 0);
        assert.equal(reads, 0);
        capped(good);
        assert.equal(counting.macs(), 1);
      });
    });

    describe('three segments', () => {
      const cases: Array<[string, string]> = [
        ['one segment', h],
        ['two segments', `${h}.${p}`],
        ['four segments', `${good}.${s}`],
        ['many dots', `${h}.${p}.${s}...`],
        ['a trailing dot', `${good}.`],
        ['a leading dot', `.${good}`],
        ['an empty signature', `${h}.${p}.`],
        ['an empty payload', `${h}..${s}`],
        ['an empty header', `.${p}.${s}`],
        ['only dots', '..'],
        ['a lone dot', '.'],
      ];
      for (const [what, token] of cases) {
        it(`refuses a token with ${what} with ERR_JWT_MALFORMED`, () => {
          assertCode(() => verify(token), 'ERR_JWT_MALFORMED');
        });
      }
    });

    describe('whitespace', () => {
      const cases: Array<[string, string]> = [
        ['a leading space', ` ${good}`],
        ['a trailing space', `${good} `],
        ['a trailing newline', `${good}\n`],
        ['a CRLF inside the payload', `${h}.${p.slice(0, 8)}\r\n${p.slice(8)}.${s}`],
        ['a space before a dot', `${h} .${p}.${s}`],
        ['a space after a dot', `${h}. ${p}.${s}`],
        ['a tab inside the signature', `${h}.${p}.${s.slice(0, 10)}\t${s.slice(10)}`],
        ['a space inside the header', `${h.slice(0, 5)} ${h.slice(5)}.${p}.${s}`],
        ['a no-break space', `${good}\u00a0`],
        ['a line separator inside the header', `${h.slice(0, 4)}\u2028${h.slice(4)}.${p}.${s}`],
      ];
      for (const [what, token] of cases) {
        it(`refuses a token with ${what} with ERR_JWT_WHITESPACE`, () => {
          assertCode(() => verify(token), 'ERR_JWT_WHITESPACE');
        });
      }

      it('refuses whitespace in the header or payload even under a valid MAC', () => {
        const spacedH = `${h.slice(0, 6)} ${h.slice(6)}`;
        assertCode(() => verify(forgeSegments(spacedH, p)), 'ERR_JWT_WHITESPACE');
        const spacedP = `${p.slice(0, 6)}\n${p.slice(6)}`;
        assertCode(() => verify(forgeSegments(h, spacedP)), 'ERR_JWT_WHITESPACE');
        assertCode(() => verify(forgeSegments(h, `    ${p}`)), 'ERR_JWT_WHITESPACE');
      });
    });

    describe('canonical base64url', () => {
      // Segments that contain - and _, so that + and / spell the very same bytes.
      const urlish = forge(HEADER, claimsJson(',"note":"~~~~~~??????"'));
      const [uh, up] = urlish.split('.') as [string, string, string];
      const sh = b64url(SPACED_HEADER);

      it('uses segments whose canonical form is what the refusals below alter', () => {
        assert.ok(up.includes('-') && up.includes('_'));
        assert.equal(sh.length % 4, 2);
        assert.equal(p.length % 4, 3);
        assert.equal(s.length % 4, 3);
      });

      it('refuses = padding on the header, payload or signature with ERR_JWT_BASE64', () => {
        assertCode(() => verify(forgeSegments(`${sh}==`, p)), 'ERR_JWT_BASE64', 'header');
        assertCode(() => verify(forgeSegments(h, `${p}=`)), 'ERR_JWT_BASE64', 'payload');
        assertCode(() => verify(`${h}.${p}.${s}=`), 'ERR_JWT_BASE64', 'signature');
      });

      it('refuses + and / in the payload, even with a MAC over them', () => {
        const plus = up.replaceAll('-', '+');
        const slash = up.replaceAll('_', '/');
        assertCode(() => verify(forgeSegments(uh, plus)), 'ERR_JWT_BASE64', 'payload');
        assertCode(() => verify(forgeSegments(uh, slash)), 'ERR_JWT_BASE64', 'payload');
      });

      it('refuses + and / in the header, even with a MAC over them', () => {
        const header = b64url('{"alg":"HS256","typ":"JWT","x":"~~~~~~??????"}');
        assert.ok(header.includes('-') && header.includes('_'));
        const plus = header.replaceAll('-', '+');
        const slash = header.replaceAll('_', '/');
        assertCode(() => verify(forgeSegments(plus, p)), 'ERR_JWT_BASE64', 'header');
        assertCode(() => verify(forgeSegments(slash, p)), 'ERR_JWT_BASE64', 'header');
      });

      it('refuses + and / in the signature that spell the right MAC bytes', () => {
        let token = '';
        for (let i = 0; !/-.*_|_.*-/.test(token.split('.')[2] ?? ''); i++) {
          token = forge(HEADER, claimsJson(`,"jti":"${i}"`));
        }
        const sig = token.split('.')[2]!;
        const std = sig.replaceAll('-', '+').replaceAll('_', '/');
        assert.equal(verify(token).sub, 'user_123');
        assertCode(() => verify(token.replace(sig, std)), 'ERR_JWT_BASE64', 'signature');
      });

      it('refuses non-zero trailing bits in each segment with ERR_JWT_BASE64', () => {
        const bitsH = withTrailingBits(sh);
        assertCode(() => verify(forgeSegments(bitsH, p)), 'ERR_JWT_BASE64', 'header');
        const bitsP = withTrailingBits(p);
        assertCode(() => verify(forgeSegments(h, bitsP)), 'ERR_JWT_BASE64', 'payload');
        const bitsS = withTrailingBits(s);
        assertCode(() => verify(`${h}.${p}.${bitsS}`), 'ERR_JWT_BASE64', 'signature');
      });

      it('refuses an impossible segment length and characters outside the alphabet', () => {
        assertCode(() => verify(forgeSegments(h, `${p}AA`)), 'ERR_JWT_BASE64', 'payload');
        assertCode(() => verify(forgeSegments(h, `${p.slice(0, -1)}*`)), 'ERR_JWT_BASE64');
        assertCode(() => verify(`${h}.${p}.${s.slice(0, -1)}\u20ac`), 'ERR_JWT_BASE64');
        assertCode(() => verify(`${h}.${p}\u0141.${s}`), 'ERR_JWT_BASE64');
      });

      it('refuses a character whose low byte is a valid one (a latin1 MAC would match)', () => {
        // U+0141 written as one byte is 0x41, 'A': a MAC over those bytes matches the original.
        const at = p.indexOf('A');
        assert.ok(at > 0, 'expected an A in the payload segment');
        const tricked = `${p.slice(0, at)}\u0141${p.slice(at + 1)}`;
        assertCode(() => verify(`${h}.${tricked}.${s}`), 'ERR_JWT_BASE64', 'payload');
        const atH = h.indexOf('J');
        const trickedH = `${h.slice(0, atH)}\u014a${h.slice(atH + 1)}`;
        assertCode(() => verify(`${trickedH}.${p}.${s}`), 'ERR_JWT_BASE64', 'header');
        assert.equal(verify(`${h}.${p}.${s}`).sub, 'user_123');
      });
    });
  });

  describe(`createJwtVerifier: protected header (${crypto.name} provider)`, () => {
    const verify = createJwtVerifier({ secret: SECRET, clock: fakeClock(), crypto });
    const withHeader = (header: string | Uint8Array) => verify(forge(header, claimsJson()));

    it('refuses a header that is not a JSON object with ERR_JWT_HEADER_INVALID', () => {
      for (const header of ['[]', '["HS256"]', '"HS256"', 'null', '1', 'true', '{', 'alg']) {
        assertCode(() => withHeader(header), 'ERR_JWT_HEADER_INVALID', 'header');
      }
      assertCode(() => withHeader('{"alg":"HS256"} {}'), 'ERR_JWT_HEADER_INVALID');
    });

    it('refuses every alg but exactly HS256 with ERR_JWT_ALG', () => {
      const algs = ['none', 'None', 'NONE', 'hs256', 'Hs256', 'HS384', 'HS512', 'RS256', 'ES256',
        'PS256', 'EdDSA', '', 'HS256 ', ' HS256', 'HS256\\u0000', 'HS25\\u0037'];
      for (const alg of algs) {
        assertCode(() => withHeader(`{"alg":"${alg}","typ":"JWT"}`), 'ERR_JWT_ALG', 'alg');
      }
    });

    it('accepts alg HS256 spelled with a JSON escape, since it is the same string', () => {
      assert.equal(withHeader('{"alg":"HS25\\u0036","typ":"JWT"}').sub, 'user_123');
    });

    it('refuses a missing or non-string alg with ERR_JWT_ALG', () => {
      assertCode(() => withHeader('{"typ":"JWT"}'), 'ERR_JWT_ALG', 'alg');
      assertCode(() => withHeader('{}'), 'ERR_JWT_ALG', 'alg');
      for (const alg of ['256', 'null', 'true', '["HS256"]', '{"name":"HS256"}']) {
        assertCode(() => withHeader(`{"alg":${alg},"typ":"JWT"}`), 'ERR_JWT_ALG', 'alg');
      }
    });

    it('accepts typ JWT in any case, application/jwt, and no typ (RFC 7519 §5.1)', () => {
      for (const typ of ['JWT', 'jwt', 'Jwt', 'application/jwt', 'APPLICATION/JWT']) {
        assert.equal(withHeader(`{"alg":"HS256","typ":"${typ}"}`).sub, 'user_123');
      }
      assert.equal(withHeader('{"alg":"HS256"}').sub, 'user_123');
    });

    it('refuses any other typ with ERR_JWT_TYP', () => {
      const typs = ['"JWS"', '"at+jwt"', '"application/at+jwt"', '"JWT "', '""', '"text/jwt"',
        '"application/json"', '"application/jwt; charset=utf-8"', '"application/"', '"JOSE"',
        '1', 'null', 'true', '["JWT"]'];
      for (const typ of typs) {
        assertCode(() => withHeader(`{"alg":"HS256","typ":${typ}}`), 'ERR_JWT_TYP', 'typ');
      }
    });

    it('refuses any crit with ERR_JWT_CRIT (RFC 7515 §4.1.11)', () => {
      for (const crit of ['["exp"]', '["b64"]', '[]', '"b64"', 'null', '{}']) {
        assertCode(() => withHeader(`{"alg":"HS256","crit":${crit}}`), 'ERR_JWT_CRIT', 'crit');
      }
      const b64 = '{"alg":"HS256","b64":false,"crit":["b64"]}';
      assertCode(() => withHeader(b64), 'ERR_JWT_CRIT', 'crit');
    });

    it('refuses an embedded jwk, jku, x5u or x5c with ERR_JWT_HEADER_KEY', () => {
      const members: Array<[string, string]> = [
        ['jwk', '{"kty":"oct","k":"AAAA"}'],
        ['jku', '"https://evil.example/jwks.json"'],
        ['x5u', '"https://evil.example/cert.pem"'],
        ['x5c', '["MIIBIjANBgkqhkiG9w0BAQEFAAOC"]'],
        ['jwk', 'null'],
      ];
      for (const [name, value] of members) {
        const header = `{"alg":"HS256","typ":"JWT","${name}":${value}}`;
        assertCode(() => withHeader(header), 'ERR_JWT_HEADER_KEY', name);
      }
    });

    it('refuses duplicate header members with ERR_JWT_DUPLICATE_MEMBER', () => {
      const headers = [
        '{"alg":"HS256","alg":"HS256"}',
        '{"alg":"none","alg":"HS256"}',
        '{"alg":"HS256","typ":"JWT","typ":"JWT"}',
        '{"alg":"HS256","\\u0061lg":"HS256"}',
        '{"alg":"HS256","jwk":{"kty":"oct","kty":"oct"}}',
      ];
      for (const header of headers) {
        assertCode(() => withHeader(header), 'ERR_JWT_DUPLICATE_MEMBER', 'header');
      }
    });

    it('refuses __proto__ and constructor header members with ERR_JWT_FORBIDDEN_MEMBER', () => {
      const proto = '{"alg":"HS256","__proto__":{"alg":"none"}}';
      assertCode(() => withHeader(proto), 'ERR_JWT_FORBIDDEN_MEMBER', '__proto__');
      const ctor = '{"alg":"HS256","constructor":{}}';
      assertCode(() => withHeader(ctor), 'ERR_JWT_FORBIDDEN_MEMBER', 'constructor');
    });

    it('refuses a header that is not UTF-8 or starts with a BOM with ERR_JWT_UTF8', () => {
      const bad = Buffer.from('{"alg":"HS256","x":"\xff"}', 'latin1');
      assertCode(() => withHeader(bad), 'ERR_JWT_UTF8', 'header');
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER)]);
      assertCode(() => withHeader(bom), 'ERR_JWT_UTF8', 'header');
    });

    it('refuses any kid when the verifier has a single unnamed secret, with ERR_JWT_KID', () => {
      assertCode(() => withHeader('{"alg":"HS256","typ":"JWT","kid":"k1"}'), 'ERR_JWT_KID');
    });
  });

  describe(`createJwtVerifier: kid and the key ring (${crypto.name} provider)`, () => {
    const keys = [{ kid: 'k1', secret: SECRET }, { kid: 'k2', secret: OTHER_SECRET }];
    const verify = createJwtVerifier({ keys, clock: fakeClock(), crypto });
    const withKid = (kid: string, secret: Uint8Array = SECRET) =>
      verify(forge(`{"alg":"HS256","typ":"JWT","kid":${kid}}`, claimsJson(), secret));

    it('picks the key by kid', () => {
      assert.equal(withKid('"k1"').sub, 'user_123');
      assert.equal(withKid('"k2"', OTHER_SECRET).sub, 'user_123');
    });

    it('refuses a kid that is not in the ring with ERR_JWT_KID', () => {
      const kids = ['__proto__', 'constructor', '../x', '../../etc/passwd', 'toString',
        'hasOwnProperty', 'valueOf', 'k3', 'K1', 'k1 ', '', '0', 'k1\\u0000'];
      for (const kid of kids) assertCode(() => withKid(`"${kid}"`), 'ERR_JWT_KID', 'kid');
    });

    it('refuses a kid that is not a string with ERR_JWT_KID', () => {
      for (const kid of ['1', 'null', 'true', '["k1"]', '{"id":"k1"}']) {
        assertCode(() => withKid(kid), 'ERR_JWT_KID', 'kid');
      }
    });

    it('refuses a token without kid when the verifier has a ring, with ERR_JWT_KID', () => {
      assertCode(() => verify(forge(HEADER, claimsJson())), 'ERR_JWT_KID', 'kid');
    });

    it('refuses a token signed with another ring key than its kid names', () => {
      assertCode(() => withKid('"k1"', OTHER_SECRET), 'ERR_JWT_SIGNATURE');
      assertCode(() => withKid('"k2"', SECRET), 'ERR_JWT_SIGNATURE');
    });

    it('treats kid __proto__ as a plain name when the ring really has it', () => {
      const ring = [{ kid: '__proto__', secret: SECRET }];
      const own = createJwtVerifier({ keys: ring, clock: fakeClock(), crypto });
      const token = forge('{"alg":"HS256","kid":"__proto__"}', claimsJson());
      assert.equal(own(token).sub, 'user_123');
      assertCode(() => own(forge('{"alg":"HS256","kid":"constructor"}', claimsJson())),
        'ERR_JWT_KID');
    });
  });
}

describe('token forger', () => {
  it('signs exactly the signing input it is given', () => {
    assert.equal(forgeSegments('a', 'b').split('.')[2], hs256('a.b'));
  });
});
