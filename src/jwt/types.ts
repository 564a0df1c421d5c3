// The public shapes of the JWT capability: claims, keys, options and the two functions the
// factories return.
import type { Clock } from '../clock.ts';
import type { CryptoProvider } from '../crypto/types.ts';

/**
 * A JWT claims set (RFC 7519 §4). The registered claims are typed; any other member is
 * application data. NumericDates are seconds since the epoch and may have fractions.
 *
 * @example
 * ```ts
 * const claims: JwtClaims = { sub: 'user_123', app: 'app_42', exp: 1_900_000_000 };
 * ```
 */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/**
 * One entry of a key ring: the `kid` written into (and looked up from) the JWS header, and its
 * HMAC secret of at least 32 bytes.
 *
 * @example
 * ```ts
 * const keys: JwtKey[] = [{ kid: '2026-12', secret }, { kid: '2026-11', secret: oldSecret }];
 * ```
 */
export interface JwtKey {
  readonly kid: string;
  readonly secret: Uint8Array;
}

/**
 * Options of {@link createJwtSigner}. Give either `secret`, or `keys` with the `activeKid` to
 * sign with (the header then carries that `kid`).
 *
 * @example
 * ```ts
 * const options: JwtSignerOptions = { secret, issuer: 'https://auth.example', ttlSeconds: 900 };
 * ```
 */
export interface JwtSignerOptions {
  /** The HMAC key, at least 32 bytes (RFC 7518 §3.2). */
  readonly secret?: Uint8Array | undefined;
  /** A key ring; the signer uses the entry named by `activeKid`. */
  readonly keys?: readonly JwtKey[] | undefined;
  /** The `kid` of the ring entry to sign with. */
  readonly activeKid?: string | undefined;
  /** Written as `iss` into every token. */
  readonly issuer?: string | undefined;
  /** Written as `aud` into every token. */
  readonly audience?: string | readonly string[] | undefined;
  /** When set, claims without `exp` get `exp = now + ttlSeconds`, and without `iat` get now. */
  readonly ttlSeconds?: number | undefined;
  /** Time source for `ttlSeconds`; the system clock by default. */
  readonly clock?: Clock | undefined;
  /** HMAC provider; the runtime's default by default. */
  readonly crypto?: CryptoProvider | undefined;
}

/**
 * Options of {@link createJwtVerifier}. Give either `secret`, or `keys` (the token's `kid`
 * picks the entry, so old and new keys verify side by side during a rotation).
 *
 * @example
 * ```ts
 * const options: JwtVerifierOptions = { keys, issuer: 'https://auth.example', audience: 'api' };
 * ```
 */
export interface JwtVerifierOptions {
  /** The HMAC key, at least 32 bytes (RFC 7518 §3.2). Tokens must carry no `kid`. */
  readonly secret?: Uint8Array | undefined;
  /** A key ring; tokens must carry the `kid` of one entry. */
  readonly keys?: readonly JwtKey[] | undefined;
  /** Required, exact value of `iss`. */
  readonly issuer?: string | undefined;
  /** Accepted values of `aud`; a token's `aud` must contain at least one of them. */
  readonly audience?: string | readonly string[] | undefined;
  /** Longest accepted `exp - iat` (`exp - now` without `iat`), in seconds; no limit by default. */
  readonly maxLifetimeSeconds?: number | undefined;
  /** Leeway for `exp`, `nbf` and `iat`, from 0 to 300 seconds; 0 by default. */
  readonly clockToleranceSeconds?: number | undefined;
  /** Tokens longer than this are refused before any parsing; 8192 by default. */
  readonly maxTokenLength?: number | undefined;
  /** Claims that must be present (any JSON value but absent). */
  readonly requiredClaims?: readonly string[] | undefined;
  /** Time source; the system clock by default. */
  readonly clock?: Clock | undefined;
  /** HMAC provider; the runtime's default by default. */
  readonly crypto?: CryptoProvider | undefined;
}

/**
 * Signs a claims set into a compact JWS (`header.payload.signature`).
 *
 * @example
 * ```ts
 * const sign: JwtSigner = createJwtSigner({ secret, ttlSeconds: 900 });
 * const token = sign({ sub: 'user_123' });
 * ```
 */
export type JwtSigner = (claims: JwtClaims) => string;

/**
 * Verifies a compact JWS and returns its claims (a fresh object with a null prototype), or
 * throws an `AuthError` whose `code` says why the token was refused.
 *
 * @example
 * ```ts
 * const verify: JwtVerifier = createJwtVerifier({ secret });
 * const { sub } = verify(token);
 * ```
 */
export type JwtVerifier = (token: string) => VerifiedJwtClaims;

/**
 * The claims a verifier returns: `exp` is always there (a token without it is refused).
 *
 * @example
 * ```ts
 * const claims: VerifiedJwtClaims = verify(token);
 * const secondsLeft = claims.exp - Date.now() / 1000;
 * ```
 */
export type VerifiedJwtClaims = JwtClaims & { exp: number };
