// HS256 JWT verification (RFC 7515 §5.2, RFC 7519 §7.2, RFC 8725), strict and synchronous.
import { checkClock } from '../clock.ts';
import { jwtError, segmentsError, shapeError, signatureError } from './errors.ts';
import { createClaimsCheck } from './claims.ts';
import { HeaderCache, resolveHeaderKey } from './header.ts';
import { parseJsonObject } from './json.ts';
import { buildKeyRing } from './keys.ts';
import { RegisteredClaims } from './registered.ts';
import {
  checkAudience,
  checkCrypto,
  checkIssuer,
  checkOptionNames,
  checkSeconds,
} from './options.ts';
import { SegmentDecoder } from './segment.ts';
import type { JwtVerifier, JwtVerifierOptions, VerifiedJwtClaims } from './types.ts';

const OPTIONS: ReadonlySet<string> = new Set([
  'secret',
  'keys',
  'issuer',
  'audience',
  'maxLifetimeSeconds',
  'clockToleranceSeconds',
  'maxTokenLength',
  'requiredClaims',
  'clock',
  'crypto',
]);
const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/**
 * Creates a verifier for HS256 JWTs. Options are checked here, once (TypeError / RangeError);
 * the returned function then throws an `AuthError` with a stable `code` for every refused
 * token, and returns the claims as a fresh object with a null prototype.
 *
 * @example
 * ```ts
 * const verify = createJwtVerifier({ secret, issuer: 'https://auth.example', audience: 'api' });
 * try {
 *   const claims = verify(token);
 * } catch (err) {
 *   if (isAuthError(err, 'ERR_JWT_EXPIRED')) return refresh();
 *   throw err;
 * }
 * ```
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  checkOptionNames(options, OPTIONS, 'createJwtVerifier');
  const crypto = checkCrypto(options.crypto);
  const ring = buildKeyRing(options.secret, options.keys, crypto);
  const clock = checkClock(options.clock);
  const maxLength = checkMaxTokenLength(options.maxTokenLength);
  const audience = checkAudience(options.audience);
  const tolerance = checkSeconds(options.clockToleranceSeconds, 'clockToleranceSeconds', 0, 300);
  const checkClaims = createClaimsCheck({
    issuer: checkIssuer(options.issuer),
    audience: typeof audience === 'string' ? [audience] : audience,
    maxLifetimeSeconds: checkSeconds(options.maxLifetimeSeconds, 'maxLifetimeSeconds', 1),
    toleranceSeconds: tolerance ?? 0,
    requiredClaims: checkClaimNames(options.requiredClaims),
  });
  const headers = new HeaderCache();
  const segments = new SegmentDecoder(maxLength);

  return function verifyJwt(token: string): VerifiedJwtClaims {
    if (typeof token !== 'string' || token.length === 0) {
      throw jwtError('ERR_JWT_MISSING', 'no token');
    }

    // Before any split or decode: the work below is bounded by this length.
    if (token.length > maxLength) throw jwtError('ERR_JWT_TOO_LONG', 'token is too long');

    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 === token.length - 1) throw shapeError(token);
    if (token.indexOf('.', dot2 + 1) !== -1) throw shapeError(token);

    // Every check below reads the token's characters from this copy.
    if (!segments.load(token)) throw segmentsError(token, dot1, dot2);
    const chars = segments.chars;
    const cached = headers.lookup(token, chars, dot1);
    const key = cached ?? resolveHeaderKey(token, dot1, ring, segments);

    // RFC 7515 §5.2 step 8: the MAC is checked before the payload is decoded. Comparing the
    // base64url strings is comparing the bytes: ours is canonical, so an equal one is too.
    const expected = key.macLatin1Base64url(token.slice(0, dot2));
    if (!macEquals(expected, chars, dot2 + 1, token.length)) {
      throw signatureError(token, dot1, dot2);
    }
    if (cached === undefined) headers.add(token, dot1, key);

    const registered = new RegisteredClaims();
    const n = segments.decode(token, dot1 + 1, dot2, 'payload');
    const claims = parseJsonObject(segments.bytes, n, 'payload', registered);
    return checkClaims(claims, registered, clock.now() / 1000);
  };
}

/** Constant-time comparison of `expected` with `chars[start, end)` (the length is public). */
function macEquals(expected: string, chars: Uint8Array, start: number, end: number): boolean {
  const n = expected.length;
  if (end - start !== n) return false;
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= expected.charCodeAt(i) ^ chars[start + i]!;
  return diff === 0;
}

function checkMaxTokenLength(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_TOKEN_LENGTH;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError('expected maxTokenLength to be an integer');
  }

  if (value < 64 || value > 65536) {
    throw new RangeError(`expected maxTokenLength to be between 64 and 65536, got ${value}`);
  }
  return value;
}

function checkClaimNames(names: unknown): string[] {
  if (names === undefined) return [];
  const ok =
    Array.isArray(names) &&
    names.every((n: unknown) => typeof n === 'string' && n.length > 0 && n !== '__proto__');
  if (!ok) throw new TypeError('expected requiredClaims to be a list of claim names');
  return [...(names as string[])];
}
