// The claim checks of RFC 7519 §4.1, compiled once per verifier into one function.
import { jwtError } from './errors.ts';
import type { JsonObject } from './json.ts';
import type { RegisteredClaims } from './registered.ts';
import type { VerifiedJwtClaims } from './types.ts';

/**
 * The claim policy of a verifier, from its checked options.
 *
 * @example
 * ```ts
 * const policy: ClaimsPolicy = {
 *   issuer: 'twofold',
 *   audience: undefined,
 *   maxLifetimeSeconds: undefined,
 *   toleranceSeconds: 0,
 *   requiredClaims: ['sub'],
 * };
 * ```
 */
export interface ClaimsPolicy {
  readonly issuer: string | undefined;
  readonly audience: readonly string[] | undefined;
  readonly maxLifetimeSeconds: number | undefined;
  readonly toleranceSeconds: number;
  readonly requiredClaims: readonly string[];
}

/**
 * A check of one payload's claims at a time; `nowSeconds` is seconds since the epoch.
 *
 * @example
 * ```ts
 * const check: ClaimsCheck = createClaimsCheck(policy);
 * ```
 */
export type ClaimsCheck = (
  claims: JsonObject,
  registered: RegisteredClaims,
  nowSeconds: number,
) => VerifiedJwtClaims;

/**
 * Returns a function that throws the AuthError for the first claim failing `policy`. It reads
 * the registered claims from `registered` (recorded while parsing) and only the required ones
 * from `claims`.
 *
 * @example
 * ```ts
 * const checkClaims = createClaimsCheck(policy);
 * const registered = new RegisteredClaims();
 * const claims = parseJsonObject(binary, 'payload', registered);
 * checkClaims(claims, registered, Date.now() / 1000); // or throws ERR_JWT_EXPIRED, ...
 * ```
 */
export function createClaimsCheck(policy: ClaimsPolicy): ClaimsCheck {
  const { issuer, audience, maxLifetimeSeconds: maxLifetime, requiredClaims } = policy;
  const tolerance = policy.toleranceSeconds;

  return function checkClaims(claims, registered, now) {
    // RFC 7519 §4.1.4: invalid on and after `exp`. Negated, so that a NaN `now` fails closed.
    const exp = registered.exp;
    if (exp === undefined) throw jwtError('ERR_JWT_CLAIM_MISSING', 'exp is missing', 'exp');
    if (!isNumericDate(exp)) throw invalid('exp');
    if (!(exp > now - tolerance)) throw jwtError('ERR_JWT_EXPIRED', 'token has expired', 'exp');

    const nbf = registered.nbf;
    if (nbf !== undefined) {
      if (!isNumericDate(nbf)) throw invalid('nbf');
      if (nbf > now + tolerance) {
        throw jwtError('ERR_JWT_NOT_YET_VALID', 'token is not valid yet', 'nbf');
      }
    }

    const iat = registered.iat;
    if (iat !== undefined) {
      if (!isNumericDate(iat)) throw invalid('iat');
      if (iat > now + tolerance) {
        throw jwtError('ERR_JWT_ISSUED_IN_FUTURE', 'token is issued in the future', 'iat');
      }
    }

    // Also catches `exp` written in milliseconds, a lifetime of decades.
    if (maxLifetime !== undefined && exp - (iat === undefined ? now : iat) > maxLifetime) {
      throw jwtError('ERR_JWT_LIFETIME', 'token lifetime exceeds the maximum', 'exp');
    }

    checkStrings(registered);
    if (issuer !== undefined) checkIssuer(registered.iss, issuer);
    if (audience !== undefined) checkAudience(registered.aud, audience);
    for (let i = 0; i < requiredClaims.length; i++) {
      const name = requiredClaims[i]!;
      if (claims[name] === undefined) {
        throw jwtError('ERR_JWT_CLAIM_MISSING', `${name} is missing`, name);
      }
    }
    return claims as VerifiedJwtClaims;
  };
}

/** RFC 7519 §2: a JSON number of seconds; fractions are allowed, 1e999 (Infinity) is not. */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `iss`, `sub` and `jti` are strings; `aud` a string or a list of strings (RFC 7519 §4.1). */
function checkStrings(registered: RegisteredClaims): void {
  const { iss, sub, jti, aud } = registered;
  if (iss !== undefined && typeof iss !== 'string') throw invalid('iss');
  if (sub !== undefined && typeof sub !== 'string') throw invalid('sub');
  if (jti !== undefined && typeof jti !== 'string') throw invalid('jti');
  if (aud !== undefined && typeof aud !== 'string' && !isStringList(aud)) throw invalid('aud');
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}

function checkIssuer(iss: unknown, issuer: string): void {
  if (iss === undefined) throw jwtError('ERR_JWT_CLAIM_MISSING', 'iss is missing', 'iss');
  if (iss !== issuer) throw jwtError('ERR_JWT_ISSUER', 'iss is not the expected issuer', 'iss');
}

/** RFC 7519 §4.1.3: `aud` must contain at least one audience we accept, compared exactly. */
function checkAudience(aud: unknown, allowed: readonly string[]): void {
  if (aud === undefined) throw jwtError('ERR_JWT_CLAIM_MISSING', 'aud is missing', 'aud');
  const values = typeof aud === 'string' ? [aud] : (aud as string[]);
  if (!values.some((value) => allowed.includes(value))) {
    throw jwtError('ERR_JWT_AUDIENCE', 'aud contains no accepted audience', 'aud');
  }
}

function invalid(name: string): Error {
  return jwtError('ERR_JWT_CLAIM_INVALID', `${name} is not a valid value for the claim`, name);
}
