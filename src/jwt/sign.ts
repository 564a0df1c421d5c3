// HS256 JWT signing (RFC 7515 §5.1, RFC 7519 §7.1). The header never changes for a signer, so
// its segment is encoded once; a call is JSON.stringify, base64url and one HMAC.
import { checkClock } from '../clock.ts';
import { defaultCrypto } from '../crypto/index.ts';
import type { CryptoProvider } from '../crypto/types.ts';
import { isCanonicalBase64url } from '../lib/base64url.ts';
import { buildKeyRing, checkKid, checkSecret } from './keys.ts';
import { checkAudience, checkCrypto, checkIssuer, checkOptionNames } from './options.ts';
import { checkSeconds } from './options.ts';
import { encodeSegment } from './segment.ts';
import type { JwtClaims, JwtSigner, JwtSignerOptions } from './types.ts';

const OPTIONS: ReadonlySet<string> = new Set([
  'secret',
  'keys',
  'activeKid',
  'issuer',
  'audience',
  'ttlSeconds',
  'clock',
  'crypto',
]);

/**
 * Creates a signer of HS256 JWTs with the header `{"alg":"HS256","typ":"JWT"}` (plus `kid` when
 * signing from a key ring). Options are checked here, once. Every token needs an `exp`: from the
 * claims, or `ttlSeconds` after now.
 *
 * @example
 * ```ts
 * const sign = createJwtSigner({ secret, issuer: 'https://auth.example', ttlSeconds: 900 });
 * const token = sign({ sub: 'user_123', app: 'app_42' });
 * ```
 */
export function createJwtSigner(options: JwtSignerOptions): JwtSigner {
  checkOptionNames(options, OPTIONS, 'createJwtSigner');
  const crypto = checkCrypto(options.crypto);
  const ring = buildKeyRing(options.secret, options.keys, crypto);
  const kid = options.activeKid;
  if (ring.single !== undefined && kid !== undefined) {
    throw new TypeError('expected activeKid only together with keys');
  }

  const key = ring.single ?? ring.byKid!.get(checkKid(kid, 'activeKid'));
  if (key === undefined) throw new RangeError('expected activeKid to name one of the keys');
  const header = kid === undefined ? '' : `,"kid":${JSON.stringify(kid)}`;
  const prefix = encodeSegment(`{"alg":"HS256","typ":"JWT"${header}}`) + '.';
  const complete = createClaimsCompletion(options);

  return function signJwt(claims: JwtClaims): string {
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      throw new TypeError('expected claims to be an object');
    }

    const full = complete === undefined ? claims : complete(claims);
    const exp = full.exp;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      throw new TypeError('expected claims.exp to be a finite number, or the ttlSeconds option');
    }

    const input = prefix + encodeSegment(JSON.stringify(full));
    return input + '.' + key.macLatin1Base64url(input);
  };
}

/** The function adding `iss`, `aud`, `iat` and `exp` from the options, if any is configured. */
function createClaimsCompletion(
  options: JwtSignerOptions,
): ((claims: JwtClaims) => JwtClaims) | undefined {
  const issuer = checkIssuer(options.issuer);
  const audience = checkAudience(options.audience);
  const ttl = checkSeconds(options.ttlSeconds, 'ttlSeconds', 1);
  const clock = checkClock(options.clock);
  if (issuer === undefined && audience === undefined && ttl === undefined) return undefined;
  const audienceJson = JSON.stringify(audience);

  return (claims) => {
    // NOTE: Object.assign copies several times faster than a spread here. Unlike a spread it
    // would run the `__proto__` setter for an own `__proto__` member, which the verifier would
    // refuse anyway, so such claims are refused first.
    if (Object.hasOwn(claims, '__proto__')) {
      throw new TypeError('expected claims without a __proto__ member');
    }
    const full: JwtClaims = Object.assign({}, claims);
    if (issuer !== undefined) {
      if (full.iss !== undefined && full.iss !== issuer) {
        throw new TypeError("expected claims.iss to be absent or the signer's issuer");
      }
      full.iss = issuer;
    }

    if (audience !== undefined) {
      if (full.aud !== undefined && JSON.stringify(full.aud) !== audienceJson) {
        throw new TypeError("expected claims.aud to be absent or the signer's audience");
      }
      full.aud = audience;
    }

    if (ttl !== undefined) {
      const now = Math.floor(clock.now() / 1000);
      full.iat ??= now;
      full.exp ??= now + ttl;
    }
    return full;
  };
}

/**
 * The HS256 signature (base64url) of the raw segments `headerB64.payloadB64`, exactly as given:
 * for known-answer tests such as RFC 7515 Appendix A.1, whose header is not the one
 * {@link createJwtSigner} writes. Both segments must be canonical base64url.
 *
 * @example
 * ```ts
 * const token = `${headerB64}.${payloadB64}.${signJwsSegments(headerB64, payloadB64, key)}`;
 * ```
 */
export function signJwsSegments(
  headerB64: string,
  payloadB64: string,
  secret: Uint8Array,
  crypto: CryptoProvider = defaultCrypto,
): string {
  for (const [name, segment] of [['headerB64', headerB64], ['payloadB64', payloadB64]]) {
    if (typeof segment !== 'string' || segment === '' || !isCanonicalBase64url(segment)) {
      throw new TypeError(`expected ${name} to be non-empty canonical base64url`);
    }
  }
  const key = checkCrypto(crypto).hmacSha256(checkSecret(secret, 'secret'));
  return key.macLatin1Base64url(`${headerB64}.${payloadB64}`);
}
