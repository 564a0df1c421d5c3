// What a limiter answers when its store fails (DESIGN.md: never a raw error, never a bogus
// 429): a denial the HTTP layer maps to 503, an allowance that says why, or the fallback
// limiter's answer. The failure is reported first; the library itself never logs.
import { AuthError } from '../errors.ts';
import { decision } from './decision.ts';
import type { Decision } from './decision.ts';
import type { RateLimiter, StoreErrorPolicy } from './limiter.ts';
import type { RateLimitPolicy } from './policy.ts';
import { isThenable } from './store.ts';
import type { MaybePromise } from './store.ts';

/**
 * Handles one store failure for a request of `cost` under policy `p`.
 *
 * @example
 * ```ts
 * const failed: StoreFailureHandler = storeFailureHandler('closed', undefined, policy);
 * failed(error, 'app_42', 1, policy); // a denial, reason 'store-unavailable'
 * ```
 */
export type StoreFailureHandler = (
  error: unknown,
  key: string,
  cost: number,
  p: RateLimitPolicy,
) => MaybePromise<Decision>;

/**
 * Checks `onStoreError` and `reportError` once, and returns the handler they describe.
 *
 * @example
 * ```ts
 * const failed = storeFailureHandler(options.onStoreError ?? 'closed', options.reportError, def);
 * return failed(error, key, cost, policy);
 * ```
 */
export function storeFailureHandler(
  onStoreError: StoreErrorPolicy,
  reportError: ((error: AuthError) => void) | undefined,
  defaultPolicy: RateLimitPolicy,
): StoreFailureHandler {
  const fallback = typeof onStoreError === 'object' ? onStoreError : undefined;
  if (onStoreError !== 'open' && onStoreError !== 'closed' && !isLimiter(fallback)) {
    throw new TypeError("expected onStoreError to be 'open', 'closed' or a rate limiter");
  }

  if (reportError !== undefined && typeof reportError !== 'function') {
    throw new TypeError('expected reportError to be a function');
  }

  return (error, key, cost, p) => {
    const reported = error instanceof AuthError && error.code === 'ERR_STORE_UNAVAILABLE'
      ? error
      : new AuthError('ERR_STORE_UNAVAILABLE', 'rate-limit store failed', { cause: error });
    try {
      reportError?.(reported);
    } catch {
      // A failing reporter must not turn a handled store failure into a raw error.
    }
    if (onStoreError === 'open') return decision(true, 0, p, 0, 0, 'store-unavailable-open');
    if (fallback === undefined) return closed(p);
    // The fallback applies its own default unless the request had a policy of its own.
    return askFallback(fallback, key, cost, p === defaultPolicy ? undefined : p, p);
  };
}

const isLimiter = (value: unknown): value is RateLimiter =>
  typeof (value as RateLimiter | undefined)?.consume === 'function';

const closed = (p: RateLimitPolicy): Decision =>
  decision(false, 0, p, Infinity, 0, 'store-unavailable');

function askFallback(
  fallback: RateLimiter,
  key: string,
  cost: number,
  policy: RateLimitPolicy | undefined,
  p: RateLimitPolicy,
): MaybePromise<Decision> {
  const relabel = (d: Decision): Decision => d.allowed
    ? decision(true, d.remaining, d.policy, 0, d.resetMs, 'store-unavailable-fallback')
    : d;
  try {
    const d = fallback.consume(key, cost, policy);
    return isThenable(d) ? d.then(relabel, () => closed(p)) : relabel(d);
  } catch {
    return closed(p);
  }
}
