// JWTs: the RFC 7515 A.1 known answer, a round trip, and a sample of refusals, each with the
// code the verifier documents. Hand-made tokens are signed with signJwsSegments, so each one
// fails for the reason its name gives and not for a bad MAC.
import type { Case } from '../harness.ts';
import type { SuiteContext } from '../context.ts';
import { fakeClock } from '../context.ts';
import { base64urlToBytes, decodeSegment, segment } from '../encoding.ts';
import { rfc7515A1 } from '../rfc7515.ts';

const NOW_S = 1_800_000_000;
const ISSUER = 'https://auth.example';
const HEADER = '{"alg":"HS256","typ":"JWT"}';

export function jwtCases({ lib, check }: SuiteContext): Case[] {
  const a1Key = base64urlToBytes(rfc7515A1.k);
  const a1Token = `${rfc7515A1.headerB64}.${rfc7515A1.payloadB64}.${rfc7515A1.signature}`;
  const secret = new Uint8Array(32).map((_, i) => i + 1);
  const clock = fakeClock(NOW_S * 1000);
  const verify = lib.createJwtVerifier({ secret, issuer: ISSUER, clock });

  /** A token with exactly this header and payload JSON, correctly signed with `key`. */
  const token = (header: string, payload: string, key: Uint8Array = secret): string => {
    const [h, p] = [segment(header), segment(payload)];
    return `${h}.${p}.${lib.signJwsSegments(h, p, key)}`;
  };
  const claims = (extra: string) => `{"iss":"${ISSUER}","exp":${NOW_S + 60}${extra}}`;
  const good = token(HEADER, claims(',"sub":"ada"'));

  const refusals: ReadonlyArray<readonly [string, string, () => string]> = [
    ['an empty token', 'ERR_JWT_MISSING', () => ''],
    ['a token over 8192 characters', 'ERR_JWT_TOO_LONG', () => good + 'A'.repeat(8192)],
    ['a token of two segments', 'ERR_JWT_MALFORMED', () => good.slice(0, good.lastIndexOf('.'))],
    ['a token with a line break', 'ERR_JWT_WHITESPACE', () => good.replace('.', '.\n')],
    ['a signature with base64 padding', 'ERR_JWT_BASE64', () => good + '='],
    ['a header whose alg is none', 'ERR_JWT_ALG', () => token('{"alg":"none"}', claims(''))],
    ['a header with crit', 'ERR_JWT_CRIT', () => token('{"alg":"HS256","crit":["x"]}', claims(''))],
    ['a header embedding a jwk', 'ERR_JWT_HEADER_KEY',
      () => token('{"alg":"HS256","jwk":{"kty":"oct"}}', claims(''))],
    ['a token signed with another key', 'ERR_JWT_SIGNATURE',
      () => token(HEADER, claims(''), new Uint8Array(32).fill(9))],
    ['a payload changed after signing', 'ERR_JWT_SIGNATURE', () => {
      const [h, , s] = good.split('.');
      return `${h}.${segment(claims(',"sub":"root"'))}.${s}`;
    }],
    ['a payload that repeats a member', 'ERR_JWT_DUPLICATE_MEMBER',
      () => token(HEADER, claims(',"sub":"a","sub":"b"'))],
    ['a payload with a __proto__ member', 'ERR_JWT_FORBIDDEN_MEMBER',
      () => token(HEADER, claims(',"__proto__":{"admin":true}'))],
    ['a payload that is an array', 'ERR_JWT_PAYLOAD_INVALID', () => token(HEADER, '[1,2]')],
    ['a payload without exp', 'ERR_JWT_CLAIM_MISSING', () => token(HEADER, `{"iss":"${ISSUER}"}`)],
    ['a token whose exp is now', 'ERR_JWT_EXPIRED',
      () => token(HEADER, `{"iss":"${ISSUER}","exp":${NOW_S}}`)],
    ['a token whose nbf is in the future', 'ERR_JWT_NOT_YET_VALID',
      () => token(HEADER, claims(`,"nbf":${NOW_S + 10}`))],
    ['a token issued in the future', 'ERR_JWT_ISSUED_IN_FUTURE',
      () => token(HEADER, claims(`,"iat":${NOW_S + 10}`))],
    ['a token of another issuer', 'ERR_JWT_ISSUER',
      () => token(HEADER, `{"iss":"https://evil.example","exp":${NOW_S + 60}}`)],
  ];

  return [
    {
      name: 'signJwsSegments gives the RFC 7515 A.1 signature',
      run: () => {
        const { headerB64, payloadB64, signature } = rfc7515A1;
        check.equal(lib.signJwsSegments(headerB64, payloadB64, a1Key), signature, 'signature');
      },
    },
    {
      name: 'the RFC 7515 A.1 token verifies one second before its exp, with its claims',
      run: () => {
        const at = fakeClock((rfc7515A1.exp - 1) * 1000);
        const claimsA1 = lib.createJwtVerifier({ secret: a1Key, clock: at })(a1Token);
        check.equal(claimsA1.iss, 'joe', 'iss');
        check.equal(claimsA1.exp, rfc7515A1.exp, 'exp');
        check.equal(claimsA1['http://example.com/is_root'], true, 'is_root');
      },
    },
    {
      name: 'the RFC 7515 A.1 token is refused at its exp with ERR_JWT_EXPIRED',
      run: () => {
        const at = fakeClock(rfc7515A1.exp * 1000);
        const verifyA1 = lib.createJwtVerifier({ secret: a1Key, clock: at });
        check.throwsCode(() => verifyA1(a1Token), 'ERR_JWT_EXPIRED', 'verify');
      },
    },
    {
      name: 'a signed token verifies and carries iss, sub, iat and exp from the injected clock',
      run: () => {
        const sign = lib.createJwtSigner({ secret, issuer: ISSUER, ttlSeconds: 900, clock });
        const signed = sign({ sub: 'ada', app: 'app_one' });
        check.equal(decodeSegment(signed.split('.')[0]!), { alg: 'HS256', typ: 'JWT' }, 'header');
        const got = verify(signed);
        check.equal([got.iss, got.sub, got.app, got.iat, got.exp],
          [ISSUER, 'ada', 'app_one', NOW_S, NOW_S + 900], 'claims');
      },
    },
    ...refusals.map(([what, code, make]): Case => ({
      name: `refuses ${what} with ${code}`,
      run: () => {
        const bad = make();
        check.throwsCode(() => verify(bad), code, what);
      },
    })),
  ];
}
