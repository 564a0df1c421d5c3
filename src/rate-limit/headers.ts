// Response headers for a decision: `RateLimit-Policy` and `RateLimit` as structured-field lists
// (draft-ietf-httpapi-ratelimit-headers-10, sections 3 and 4), `Retry-After` in delay-seconds
// (RFC 9110 §10.2.3) on a denial, and the legacy `X-RateLimit-*` trio on request.
import type { Decision } from './decision.ts';
import { gcd } from './policy.ts';

/** The largest structured-field Integer (RFC 8941 §3.3.1). */
const SF_INTEGER_MAX = 999_999_999_999_999;

/**
 * Options of {@link rateLimitHeaders}.
 *
 * @example
 * ```ts
 * const options: RateLimitHeadersOptions = { legacy: true };
 * ```
 */
export interface RateLimitHeadersOptions {
  /** Also emit `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds from now). */
  readonly legacy?: boolean;
}

/**
 * The rate-limit headers for a decision. `RateLimit-Policy` states the quota `q` per window `w`
 * in whole seconds (both scaled when the period is not, e.g. 100 per 1.5 s is `q=200;w=3`);
 * `RateLimit` the remaining tokens `r` and `t`, the seconds until the bucket is full again (on
 * a denial: until the request may be retried, never earlier than `Retry-After`). A denied
 * decision adds `Retry-After` (seconds, rounded up, at least 1); none is given when waiting
 * cannot help (cost above the burst) or the store was unavailable (that is a 503).
 *
 * @example
 * ```ts
 * rateLimitHeaders(decision, 'app');
 * // { 'RateLimit-Policy': '"app";q=1000;w=60', RateLimit: '"app";r=999;t=1' }
 * ```
 */
export function rateLimitHeaders(
  decision: Decision,
  policyName: string,
  options?: RateLimitHeadersOptions,
): Record<string, string> {
  const { limit } = decision.policy;
  if (decision.policy !== last.policy || policyName !== last.policyName) {
    remember(decision.policy, policyName);
  }
  const name = last.name;
  const reason = decision.reason;
  const legacy = options?.legacy === true;
  const headers: Record<string, string> = { 'RateLimit-Policy': last.header };
  const known = reason === undefined || reason === 'rate-limited' ||
    reason === 'cost-exceeds-capacity' || reason === 'store-unavailable-fallback';
  if (legacy) headers['X-RateLimit-Limit'] = String(sfInteger(limit));
  if (!known) return headers;

  const retry = !decision.allowed && Number.isFinite(decision.retryAfterMs)
    ? Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
    : undefined;
  const t = sfInteger(retry ?? Math.ceil(decision.resetMs / 1000));
  const r = sfInteger(decision.remaining);
  headers['RateLimit'] = `${name};r=${r};t=${t}`;
  if (retry !== undefined) headers['Retry-After'] = String(retry);
  if (legacy) {
    headers['X-RateLimit-Remaining'] = String(r);
    headers['X-RateLimit-Reset'] = String(t);
  }
  return headers;
}

/** A structured-field String: printable ASCII, `"` and `\` escaped (RFC 8941 §3.3.3). */
// NOTE: the policy part of the headers is the same for every request of an app, and quoting
// and validating the name costs more than the rest; the last policy's strings are kept.
const last = { policy: undefined as unknown, policyName: '', name: '', header: '' };

function remember(policy: Decision['policy'], policyName: string): void {
  const { limit, periodMs, burst } = policy;
  const name = sfString(policyName);
  const g = gcd(periodMs, 1000);
  const q = sfInteger(limit * (1000 / g));
  const extra = burst === limit ? '' : `;twofold-burst=${sfInteger(burst)}`;
  last.header = `${name};q=${q};w=${sfInteger(periodMs / g)}${extra}`;
  last.name = name;
  last.policy = policy;
  last.policyName = policyName;
}

function sfString(value: string): string {
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value)) {
    throw new TypeError('expected policyName to be printable ASCII');
  }
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A non-negative integer within the structured-field range. */
function sfInteger(value: number): number {
  return value > SF_INTEGER_MAX ? SF_INTEGER_MAX : value > 0 ? Math.floor(value) : 0;
}
