// Builders for the AuthErrors the JWT code throws. Messages name the part of the token or the
// claim, never its content.
import { AuthError, quietAuthError } from '../errors.ts';
import type { AuthErrorCode } from '../errors.ts';
import { isCanonicalBase64url } from '../lib/base64url.ts';

const WHITESPACE = /\s/;

// NOTE: refusals get no stack trace (quietAuthError): one costs more than verifying a token.

/**
 * An AuthError about the token, with the claim or header member concerned as `field`, and no
 * stack trace.
 *
 * @example
 * ```ts
 * throw jwtError('ERR_JWT_ALG', 'alg is not HS256', 'alg');
 * ```
 */
export function jwtError(code: AuthErrorCode, message: string, field?: string): AuthError {
  return quietAuthError(code, message, field === undefined ? undefined : { field });
}

/**
 * The error for a token whose segments are not canonical base64url. Whitespace gets its own code
 * because it usually means a transport bug (a wrapped header, a stray newline), not an attack.
 *
 * @example
 * ```ts
 * throw encodingError(token, 'payload'); // ERR_JWT_BASE64, or ERR_JWT_WHITESPACE
 * ```
 */
export function encodingError(token: string, part: string): AuthError {
  if (WHITESPACE.test(token)) return jwtError('ERR_JWT_WHITESPACE', 'token contains whitespace');
  return jwtError('ERR_JWT_BASE64', `${part} is not canonical base64url`, part);
}

/**
 * The error for a token that is not three non-empty segments separated by two dots.
 *
 * @example
 * ```ts
 * if (token.indexOf('.', dot2 + 1) !== -1) throw shapeError(token);
 * ```
 */
export function shapeError(token: string): AuthError {
  if (WHITESPACE.test(token)) return jwtError('ERR_JWT_WHITESPACE', 'token contains whitespace');
  return jwtError('ERR_JWT_MALFORMED', 'token is not three non-empty dot-separated segments');
}

/**
 * The error for a MAC that did not match. Runs only on failure, so it may take its time: a
 * signature or payload that is not even canonical base64url is reported as such.
 *
 * @example
 * ```ts
 * if (!macEquals(expected, token, dot2 + 1)) throw signatureError(token, dot1, dot2);
 * ```
 */
export function signatureError(token: string, dot1: number, dot2: number): AuthError {
  if (WHITESPACE.test(token)) return jwtError('ERR_JWT_WHITESPACE', 'token contains whitespace');
  if (!isCanonicalBase64url(token, dot2 + 1)) return encodingError(token, 'signature');
  if (!isCanonicalBase64url(token, dot1 + 1, dot2)) return encodingError(token, 'payload');
  return jwtError('ERR_JWT_SIGNATURE', 'signature does not match');
}

/**
 * The error for a token with a character outside ASCII: the first segment that is not
 * canonical base64url is named (one of them cannot be).
 *
 * @example
 * ```ts
 * if (!segments.load(token)) throw segmentsError(token, dot1, dot2);
 * ```
 */
export function segmentsError(token: string, dot1: number, dot2: number): AuthError {
  if (!isCanonicalBase64url(token, 0, dot1)) return encodingError(token, 'header');
  if (!isCanonicalBase64url(token, dot1 + 1, dot2)) return encodingError(token, 'payload');
  return encodingError(token, 'signature');
}
