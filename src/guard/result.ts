// Failure results: the status and challenge an error code calls for, headers kept.
import { AuthError } from '../errors.ts';
import type { AuthErrorCode } from '../errors.ts';
import { bearerChallenge, statusForCode } from '../http/problem.ts';
import type { GuardFailure } from './types.ts';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** A failure result for `error`, with the challenge RFC 6750 asks for on bearer failures. */
export function failure(
  error: AuthError,
  headers: Readonly<Record<string, string>> = NO_HEADERS,
): GuardFailure {
  const status = statusForCode(error.code);
  const challenge = bearerChallenge(error.code);
  const all = challenge ? { ...headers, 'WWW-Authenticate': challenge } : headers;
  return { ok: false, status, code: error.code, message: error.message, headers: all };
}

/** A failure result for a code and message. */
export function fail(
  code: AuthErrorCode,
  message: string,
  headers?: Readonly<Record<string, string>>,
): GuardFailure {
  return failure(new AuthError(code, message), headers);
}
