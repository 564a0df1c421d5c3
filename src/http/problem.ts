// How each AuthError code becomes an HTTP answer: a status, RFC 9457 problem details, and the
// RFC 6750 `WWW-Authenticate` challenge where a bearer token was missing or bad.
import type { AuthErrorCode } from '../errors.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The HTTP status for a code: 401 for missing or bad credentials, 403 for a disabled app or
 * user, 429 when rate-limited, 503 when a store failed and the policy is closed.
 *
 * @example
 * ```ts
 * statusForCode('ERR_JWT_EXPIRED'); // 401
 * ```
 */
export function statusForCode(code: AuthErrorCode): number {
  if (code === 'ERR_APP_DISABLED' || code === 'ERR_USER_DISABLED') return 403;
  if (code === 'ERR_RATE_LIMITED' || code === 'ERR_LOGIN_THROTTLED') return 429;
  if (code === 'ERR_COST_EXCEEDS_CAPACITY') return 429;
  if (code === 'ERR_STORE_UNAVAILABLE') return 503;
  if (code === 'ERR_PASSWORD_TOO_LONG') return 400;
  if (code === 'ERR_PASSWORD_HASH_INVALID') return 500;
  return 401;
}

/**
 * The `WWW-Authenticate` value for a code, or `undefined` when none applies (RFC 6750 §3: no
 * error attribute when the request carried no token, `invalid_token` when the token was bad).
 *
 * @example
 * ```ts
 * bearerChallenge('ERR_JWT_MISSING'); // 'Bearer'
 * bearerChallenge('ERR_JWT_EXPIRED'); // 'Bearer error="invalid_token"'
 * bearerChallenge('ERR_RATE_LIMITED'); // undefined
 * ```
 */
export function bearerChallenge(code: AuthErrorCode): string | undefined {
  if (code === 'ERR_JWT_MISSING' || code === 'ERR_AUTH_SCHEME') return 'Bearer';
  if (code.startsWith('ERR_JWT_')) return 'Bearer error="invalid_token"';
  return undefined;
}

/**
 * An RFC 9457 problem details object with twofold's `code` member.
 *
 * @example
 * ```ts
 * const problem: Problem = problemFor(429, 'ERR_RATE_LIMITED', 'rate limit exceeded');
 * // { type: 'about:blank', title: 'Too Many Requests', status: 429, detail: ..., code: ... }
 * ```
 */
export interface Problem {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: AuthErrorCode;
}

/**
 * Problem details for a failure. `detail` is the error message, which never carries a secret.
 *
 * @example
 * ```ts
 * JSON.stringify(problemFor(401, 'ERR_JWT_EXPIRED', 'token expired'));
 * ```
 */
export function problemFor(status: number, code: AuthErrorCode, detail: string): Problem {
  const title = STATUS_TEXT[status] ?? 'Error';
  return { type: 'about:blank', title, status, detail, code };
}
