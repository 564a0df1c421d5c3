// The GCRA step over a store that offers only load and compare-and-set: read, compute, write
// if nothing changed meanwhile, else read again. Synchronous stores keep it synchronous.
import { AuthError } from '../errors.ts';
import type { RateLimitPolicy } from './policy.ts';
import { ceilDiv, parseInterval, rescaledDebt } from './rate.ts';
import { isThenable } from './store.ts';
import type { BucketState, BucketStore, MaybePromise } from './store.ts';

/**
 * Compare-and-set rounds before contention counts as a store failure.
 *
 * @example
 * ```ts
 * updateByCas(store, key, nowMs, 1, policy, CAS_ATTEMPTS);
 * ```
 */
export const CAS_ATTEMPTS = 32;

/**
 * The debt before the request, after writing the new TAT when the request conforms.
 *
 * @example
 * ```ts
 * const debt = await updateByCas(store, 'app_42', Date.now(), 1, policy);
 * const decision = decide(policy, debt, 1);
 * ```
 */
export function updateByCas(
  store: BucketStore,
  key: string,
  nowMs: number,
  cost: number,
  p: RateLimitPolicy,
  attempts: number = CAS_ATTEMPTS,
): MaybePromise<number> {
  const loaded = store.load(key);
  // A store may answer `null` for a missing key (Redis GET does): the same as `undefined`.
  const next = (state: BucketState | null | undefined): MaybePromise<number> =>
    afterLoad(store, key, nowMs, cost, p, attempts, state ?? undefined);
  return isThenable(loaded) ? loaded.then(next) : next(loaded);
}

function afterLoad(
  store: BucketStore,
  key: string,
  nowMs: number,
  cost: number,
  p: RateLimitPolicy,
  attempts: number,
  state: BucketState | undefined,
): MaybePromise<number> {
  const elapsed = nowMs - (store.originMs ?? 0);
  const now = elapsed * p.unitsPerMs;
  if (!(now <= p.horizonUnits)) {
    throw new AuthError('ERR_STORE_UNAVAILABLE', 'policy too fast for the store origin (2^53)');
  }
  const debt = debtOf(state, elapsed, now, p);
  const next = debt + cost * p.unitsPerToken;
  if (cost === 0 || next > p.toleranceUnits) return debt;

  const written = { tat: now + next, interval: p.interval };
  const ok = store.compareAndSet(key, state, written, ceilDiv(next, p.unitsPerMs));
  const settle = (done: boolean): MaybePromise<number> => {
    if (done) return debt;
    if (attempts > 1) return updateByCas(store, key, nowMs, cost, p, attempts - 1);
    throw new AuthError('ERR_STORE_UNAVAILABLE', 'bucket store contention: retries exhausted');
  };
  return isThenable(ok) ? ok.then(settle) : settle(ok);
}

/**
 * The debt a loaded state stands for under policy `p`, clamped to `[0, tau]`.
 *
 * @example
 * ```ts
 * const elapsed = nowMs - (store.originMs ?? 0);
 * const debt = debtOf(await store.load(key), elapsed, elapsed * p.unitsPerMs, p);
 * ```
 */
export function debtOf(
  state: BucketState | undefined,
  elapsedMs: number,
  now: number,
  p: RateLimitPolicy,
): number {
  if (state === undefined) return 0;
  const tat = state.tat;
  if (!Number.isSafeInteger(tat)) throw malformed();
  let debt: number;
  if (state.interval === p.interval) {
    debt = tat - now;
  } else {
    const from = parseInterval(state.interval);
    if (from === undefined) throw malformed();
    debt = rescaledDebt(tat, from, elapsedMs, p);
  }
  return debt < 0 ? 0 : debt > p.toleranceUnits ? p.toleranceUnits : debt;
}

const malformed = (): AuthError =>
  new AuthError('ERR_STORE_UNAVAILABLE', 'bucket store returned a malformed state');
