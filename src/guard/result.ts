// Failure results: the status and challenge an error code calls for, headers kept.
import type { AuthError, AuthErrorCode } from '../errors.ts';
import { bearerChallenge, statusForCode } from '../http/problem.ts';
import type { GuardFailure } from './types.ts';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A failure result for `error`, with the challenge RFC 6750 asks for on bearer failures.
 *
 * @example
 * ```ts
 * if (!checked.ok) return failure(checked.error);
 * ```
 */
export function failure(
  error: AuthError,
  headers: Readonly<Record<string, string>> = NO_HEADERS,
): GuardFailure {
  return fail(error.code, error.message, headers);
}

/**
 * A failure result for a code and message. Builds no `Error`: capturing a stack trace would
 * cost more than the rest of a refusal, and refusals are what floods consist of.
 *
 * @example
 * ```ts
 * return fail('ERR_JWT_APP_MISMATCH', 'token was issued to another app', headers);
 * ```
 */
export function fail(
  code: AuthErrorCode,
  message: string,
  headers: Readonly<Record<string, string>> = NO_HEADERS,
): GuardFailure {
  const status = statusForCode(code);
  const challenge = bearerChallenge(code);
  const all = challenge ? { ...headers, 'WWW-Authenticate': challenge } : headers;
  return { ok: false, status, code, message, headers: all };
}

const DENIALS: Readonly<Record<string, readonly [AuthErrorCode, string]>> = {
  'cost-exceeds-capacity': ['ERR_COST_EXCEEDS_CAPACITY', 'request cost exceeds the burst'],
  'store-unavailable': ['ERR_STORE_UNAVAILABLE', 'rate-limit store unavailable'],
};

/**
 * The failure for a denied rate-limit decision.
 *
 * @example
 * ```ts
 * if (!decision.allowed) return denied(decision.reason, headers); // 429 or 503
 * ```
 */
export function denied(
  reason: string | undefined,
  headers: Readonly<Record<string, string>>,
): GuardFailure {
  const [code, message] = DENIALS[reason ?? ''] ?? ['ERR_RATE_LIMITED', 'rate limit exceeded'];
  return fail(code, message, headers);
}
