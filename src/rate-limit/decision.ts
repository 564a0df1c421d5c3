// What a consume answers. GCRA (DESIGN.md): with debt d = max(TAT - now, 0) before the request
// and d' = d + cost * T, the request conforms when d' <= tau. Everything else follows from d.
import { AuthError } from '../errors.ts';
import type { RateLimitPolicy } from './policy.ts';
import { ceilDiv } from './rate.ts';

/**
 * Why a decision is what it is; `undefined` on an ordinary allowed request.
 * - `'rate-limited'`: the bucket holds fewer tokens than the cost (HTTP 429, `Retry-After`).
 * - `'cost-exceeds-capacity'`: the cost is above the burst; waiting never helps.
 * - `'store-unavailable'`: the bucket store failed and the policy is `'closed'` (HTTP 503).
 * - `'store-unavailable-open'`: the store failed and the policy `'open'` let the request through.
 * - `'store-unavailable-fallback'`: the store failed and the fallback limiter allowed it.
 *
 * @example
 * ```ts
 * if (decision.reason === 'store-unavailable') return new Response(null, { status: 503 });
 * ```
 */
export type RateLimitReason =
  | 'rate-limited'
  | 'cost-exceeds-capacity'
  | 'store-unavailable'
  | 'store-unavailable-open'
  | 'store-unavailable-fallback';

/**
 * The answer to one `consume`. Times are whole milliseconds, rounded up.
 *
 * @example
 * ```ts
 * const d = await limiter.consume(app.id);
 * if (!d.allowed) return tooMany(d.retryAfterMs);
 * ```
 */
export interface Decision {
  /** True when the request may proceed (its cost was debited). */
  readonly allowed: boolean;
  /** Whole tokens left after this request (before it, when denied). */
  readonly remaining: number;
  /** The policy's tokens per period. */
  readonly limit: number;
  /** When denied: ms until the same request would be allowed; 0 when allowed; `Infinity` when
   * no wait helps (cost above capacity) or the store is unavailable. */
  readonly retryAfterMs: number;
  /** Ms until the bucket is full again (0 when it is full). */
  readonly resetMs: number;
  /** See {@link RateLimitReason}. */
  readonly reason?: RateLimitReason | undefined;
  /** The policy the request was measured against (for the `RateLimit-Policy` header). */
  readonly policy: RateLimitPolicy;
}

/**
 * The decision for a request of `cost` on a bucket that owed `debt` units before it.
 *
 * @example
 * ```ts
 * decide(policy, 0, 1).allowed; // true: a full bucket
 * ```
 */
export function decide(p: RateLimitPolicy, debt: number, cost: number): Decision {
  const t = p.unitsPerToken;
  const tau = p.toleranceUnits;
  const next = debt + cost * t;
  if (next <= tau) {
    const remaining = Math.floor((tau - next) / t);
    return decision(true, remaining, p, 0, ceilDiv(next, p.unitsPerMs), undefined);
  }
  const remaining = Math.floor((tau - debt) / t);
  const retry = ceilDiv(next - tau, p.unitsPerMs);
  return decision(false, remaining, p, retry, ceilDiv(debt, p.unitsPerMs), 'rate-limited');
}

/**
 * One shape for every decision, so callers' property reads stay monomorphic.
 *
 * @example
 * ```ts
 * return decision(false, 0, p, Infinity, 0, 'cost-exceeds-capacity');
 * ```
 */
export function decision(
  allowed: boolean,
  remaining: number,
  policy: RateLimitPolicy,
  retryAfterMs: number,
  resetMs: number,
  reason: RateLimitReason | undefined,
): Decision {
  return { allowed, remaining, limit: policy.limit, retryAfterMs, resetMs, reason, policy };
}

const CODES = {
  'rate-limited': ['ERR_RATE_LIMITED', 'rate limit exceeded'],
  'cost-exceeds-capacity': ['ERR_COST_EXCEEDS_CAPACITY', 'request cost exceeds the burst'],
  'store-unavailable': ['ERR_STORE_UNAVAILABLE', 'rate-limit store unavailable'],
} as const;

/**
 * The error for a denied decision (`ERR_RATE_LIMITED`, `ERR_COST_EXCEEDS_CAPACITY` or
 * `ERR_STORE_UNAVAILABLE`), or `undefined` when the request was allowed.
 *
 * @example
 * ```ts
 * const error = rateLimitError(decision);
 * if (error) return problem(statusForCode(error.code), error.code, error.message);
 * ```
 */
export function rateLimitError(decision: Decision): AuthError | undefined {
  if (decision.allowed) return undefined;
  const [code, message] = CODES[decision.reason as keyof typeof CODES] ?? CODES['rate-limited'];
  return new AuthError(code, message);
}
