// The units a stored TAT is counted in, and the conversion of a debt between two rates. A
// bucket written under one policy and read under another (an app whose limit was raised)
// keeps the number of tokens it owes: its debt is rescaled, not reinterpreted.

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * The part of a policy that gives a TAT its meaning: `m` units per ms, `T` units per token.
 *
 * @example
 * ```ts
 * const rate: Rate = { unitsPerMs: 1, unitsPerToken: 60, interval: '60/1' };
 * ```
 */
export interface Rate {
  readonly unitsPerMs: number;
  readonly unitsPerToken: number;
  /** `"T/m"`, see `RateLimitPolicy.interval`. */
  readonly interval: string;
}

/**
 * The rate named by an interval string `"T/m"`, or `undefined` when it is malformed.
 *
 * @example
 * ```ts
 * parseInterval('60/1'); // { unitsPerMs: 1, unitsPerToken: 60, interval: '60/1' }
 * parseInterval('60/01'); // undefined: not in canonical form
 * ```
 */
export function parseInterval(interval: string): Rate | undefined {
  if (typeof interval !== 'string') return undefined;
  const slash = interval.indexOf('/');
  const t = Number(interval.slice(0, slash));
  const m = Number(interval.slice(slash + 1));
  if (slash < 1 || !Number.isSafeInteger(t) || !Number.isSafeInteger(m)) return undefined;
  if (t <= 0 || m <= 0 || `${t}/${m}` !== interval) return undefined;
  return { unitsPerMs: m, unitsPerToken: t, interval };
}

/**
 * The debt (TAT minus now, in units of `to`) of a bucket whose TAT `tat` was written under
 * `from`, at `elapsedMs` after the store's origin. The tokens owed are kept, rounded up to
 * whole units, and the result is at least 0 (a TAT in the past is a full bucket).
 *
 * @example
 * ```ts
 * // 1,000 a minute (60/1) raised to 5,000 (12/1): 10 tokens owed stay 10 tokens owed.
 * rescaledDebt(600, parseInterval('60/1')!, 0, parseInterval('12/1')!); // 120
 * ```
 */
export function rescaledDebt(tat: number, from: Rate, elapsedMs: number, to: Rate): number {
  const debt = tat - elapsedMs * from.unitsPerMs;
  if (!(debt > 0)) return 0;
  // Tokens owed = debt / T_from; in the new units that is debt * T_to / T_from, rounded up.
  const x = debt * to.unitsPerToken;
  if (x <= MAX) {
    const q = Math.floor(x / from.unitsPerToken);
    return q * from.unitsPerToken === x ? q : q + 1;
  }
  const n = BigInt(debt) * BigInt(to.unitsPerToken);
  const d = BigInt(from.unitsPerToken);
  return Number((n + d - 1n) / d);
}

/** `ceil(x / m)` for non-negative integers below 2^53, exact (the quotient never rounds across
 * an integer when x < 2^53).
 *
 * @example
 * ```ts
 * ceilDiv(121, 60); // 3
 * ```
 */
export function ceilDiv(x: number, m: number): number {
  return m === 1 ? x : Math.ceil(x / m);
}
