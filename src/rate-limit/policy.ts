// A policy in exact integer form. With rate `limit / periodMs` and g = gcd(periodMs, limit),
// one millisecond is `limit / g` units and one token (the emission interval T of GCRA) is
// `periodMs / g` units, so every time and every debt is an integer: no float drift.

const MAX = Number.MAX_SAFE_INTEGER;
/** Tolerances stay below 2^51, so `now + 2 * tau` leaves at least 2^52 units of horizon. */
const MAX_TOLERANCE = 2 ** 51;
/** At most this many units per ms, so the horizon (2^52 units) lasts at least an hour. */
const MAX_UNITS_PER_MS = Math.floor(2 ** 52 / 3_600_000);

/**
 * Options of {@link createRateLimitPolicy}: `limit` tokens every `periodMs`, refilled
 * continuously, at most `burst` (default `limit`) held at once.
 *
 * @example
 * ```ts
 * const options: RateLimitPolicyOptions = { limit: 1_000, periodMs: 60_000 };
 * ```
 */
export interface RateLimitPolicyOptions {
  /** Tokens added per period: a positive safe integer. */
  readonly limit: number;
  /** The period in milliseconds: a positive safe integer. */
  readonly periodMs: number;
  /** Bucket capacity: a positive safe integer. Default `limit`. */
  readonly burst?: number;
}

/**
 * A validated rate-limit policy with its exact integer form precomputed. Create it once (per
 * app, say) and pass it to `consume` as often as needed: it is never checked again.
 *
 * @example
 * ```ts
 * const gold = createRateLimitPolicy({ limit: 5_000, periodMs: 60_000 });
 * limiter.consume(app.id, 1, gold);
 * ```
 */
export class RateLimitPolicy {
  /** Tokens added per period. */
  declare readonly limit: number;
  /** The period in milliseconds. */
  declare readonly periodMs: number;
  /** Bucket capacity: the most tokens held at once, and the largest cost that can succeed. */
  declare readonly burst: number;
  /** Time units per millisecond: `limit / gcd(periodMs, limit)`. */
  declare readonly unitsPerMs: number;
  /** Units per token, the GCRA emission interval T: `periodMs / gcd(periodMs, limit)`. */
  declare readonly unitsPerToken: number;
  /** GCRA tolerance tau in units: `burst * unitsPerToken`, the debt of an empty bucket. */
  declare readonly toleranceUnits: number;
  /** `"T/m"`: the emission interval in ms as a reduced fraction; names the units of a TAT. */
  declare readonly interval: string;
  /** The largest `now` in units (from a store's origin) that keeps every sum below 2^53. */
  declare readonly horizonUnits: number;

  /** Prefer {@link createRateLimitPolicy}; this validates the same way. */
  constructor(options: RateLimitPolicyOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('expected rate-limit options to be an object');
    }
    const { limit, periodMs } = options;
    const burst = options.burst ?? limit;
    checkCount(limit, 'limit');
    checkCount(periodMs, 'periodMs');
    checkCount(burst, 'burst');

    const g = gcd(periodMs, limit);
    const m = limit / g;
    const t = periodMs / g;
    if (m > MAX_UNITS_PER_MS) {
      throw new RangeError('expected limit / periodMs to need at most 1.25e9 units per ms');
    }

    if (burst * t > MAX_TOLERANCE) {
      throw new RangeError('expected burst * periodMs / gcd(periodMs, limit) below 2^51');
    }
    this.limit = limit;
    this.periodMs = periodMs;
    this.burst = burst;
    this.unitsPerMs = m;
    this.unitsPerToken = t;
    this.toleranceUnits = burst * t;
    this.interval = `${t}/${m}`;
    this.horizonUnits = MAX - 2 * burst * t;
    Object.freeze(this);
  }
}

/**
 * Validates a policy once and precomputes its integer form. Rates faster than one token per
 * millisecond are fine (2,000 per second is 2 units per ms, 1 unit per token).
 *
 * @example
 * ```ts
 * const policy = createRateLimitPolicy({ limit: 1_000, periodMs: 60_000, burst: 100 });
 * ```
 */
export function createRateLimitPolicy(options: RateLimitPolicyOptions): RateLimitPolicy {
  return new RateLimitPolicy(options);
}

function checkCount(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`expected ${name} to be a number`);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`expected ${name} to be a positive safe integer`);
  }
}

/**
 * Greatest common divisor of two positive safe integers (Euclid).
 *
 * @example
 * ```ts
 * gcd(60_000, 1_000); // 1000
 * ```
 */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}
