// Verified tokens, remembered. A client sends the same JWT on every request for its lifetime,
// and verifying it again (two SHA-256 runs for the HMAC, a JSON parse, the claim checks) is
// most of what a request costs. Verification is a pure function of the token, the guard's fixed
// keys and the time, so a token that verified once needs only its time window checked again.
//
// Only tokens that verified are kept, so a flood of forged ones adds nothing; the map is
// bounded, so a flood of genuine ones evicts old entries but cannot grow memory. Revocation is
// not cached: the guard asks the revocation store on every request.
import type { Clock } from '../clock.ts';
import { BoundedMap } from '../lib/bounded-map.ts';
import type { JwtClaims, JwtVerifier } from '../jwt/index.ts';

interface Entry {
  readonly token: string;
  readonly claims: JwtClaims;
  readonly exp: number;
  readonly nbf: number;
  readonly iat: number;
}

/**
 * A verifier that answers from a bounded cache while a cached token's time window holds, and
 * otherwise runs `verify` (which then reports the exact error, `ERR_JWT_EXPIRED` included).
 * Cached claims are deep-frozen: every request carrying the token shares them.
 *
 * @example
 * ```ts
 * const verify = cachedVerifier(createJwtVerifier({ secret, clock }), clock, 0, 10_000);
 * verify(token); // verifies; later calls with the same token only check exp, nbf and iat
 * ```
 */
export function cachedVerifier(
  verify: JwtVerifier,
  clock: Clock,
  toleranceSeconds: number,
  max: number,
): (token: string) => JwtClaims {
  if (max === 0) return verify;
  const tokens = new BoundedMap<string, Entry>(max); // by signature
  const tolerance = toleranceSeconds;

  return (token) => {
    // Keyed by the signature, the token's last 43 characters: hashing those for the lookup
    // costs a sixth of hashing the whole token. A hit must still be the same whole token.
    const id = typeof token === 'string' ? token.slice(token.lastIndexOf('.') + 1) : '';
    const hit = tokens.get(id);
    if (hit !== undefined && hit.token === token) {
      // The verifier's own comparisons (claims.ts), on the same clock, so a cached token is
      // accepted exactly when verifying it again would accept it, for a verifier without
      // `maxLifetimeSeconds` (the guard's): that check alone depends on the time without `iat`.
      const now = clock.now() / 1000;
      if (hit.exp > now - tolerance && !(hit.nbf > now + tolerance) &&
        !(hit.iat > now + tolerance)) {
        return hit.claims;
      }
      tokens.delete(id);
    }
    const claims = verify(token);
    // A copy of the token's own characters: a slice of the header value would keep the whole
    // header alive (V8 slices share their parent), and spaces after `Bearer` can pad it to the
    // runtime's header limit, 16 KiB in Node, per cached entry.
    const own = (' ' + token).slice(1);
    tokens.set(own.slice(own.lastIndexOf('.') + 1), {
      token: own,
      claims: deepFreeze(claims),
      exp: claims.exp as number,
      nbf: typeof claims.nbf === 'number' ? claims.nbf : -Infinity,
      iat: typeof claims.iat === 'number' ? claims.iat : -Infinity,
    });
    return claims;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
