/**
 * The source of time for everything that expires or refills. Inject a fake in tests; never patch
 * `Date`.
 *
 * @example
 * ```ts
 * let t = 1_700_000_000_000;
 * const clock: Clock = { now: () => t };
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. Integers are expected; fractions are floored. */
  now(): number;
}

/**
 * The wall clock, `Date.now()`.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, clock: systemClock });
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Wraps a clock so that it never runs backwards: each reading is `max(reading, last reading)`.
 * A clock stepping back (NTP, a VM resume) then neither refills nor drains a bucket.
 *
 * @example
 * ```ts
 * const clock = monotonicClock(systemClock);
 * ```
 */
export function monotonicClock(clock: Clock = systemClock): Clock {
  if (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function') {
    throw new TypeError('expected clock to be an object with a now() method');
  }
  let last = -Infinity;
  return {
    now(): number {
      const t = Math.floor(clock.now());
      if (t > last) last = t;
      return last;
    },
  };
}

/**
 * Validates a `clock` option, returning the system clock when it is absent.
 *
 * @example
 * ```ts
 * const clock = checkClock(options.clock); // systemClock when absent
 * ```
 */
export function checkClock(clock: Clock | undefined, name = 'clock'): Clock {
  if (clock === undefined) return systemClock;
  if (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function') {
    throw new TypeError(`expected ${name} to be an object with a now() method`);
  }
  return clock;
}
