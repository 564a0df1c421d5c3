// A cheap clock for the consume hot path. `Date.now()` costs about 40 ns on Node 20, most of a
// consume; this clock reads its source at most every `maxReads` reads and once a millisecond
// while in use (an unref'd interval that stops itself after a millisecond without reads), and
// answers the cached value in between (about 1 ns).
//
// Staleness: at most one tick plus event-loop lag, and never for more than `maxReads` reads in
// a row. A stale reading is an earlier time, so a decision taken with it can only see fewer
// tokens. The clock never runs backwards.
import { systemClock } from '../clock.ts';
import type { Clock } from '../clock.ts';

/**
 * Options of {@link createCoarseClock}.
 *
 * @example
 * ```ts
 * const options: CoarseClockOptions = { source: systemClock, maxReads: 64 };
 * ```
 */
export interface CoarseClockOptions {
  /** Where time comes from. Default: the system clock. */
  readonly source?: Clock;
  /** Reads answered from the cache before the source is read again. Default 64. */
  readonly maxReads?: number;
  /** Starts a repeating timer and returns its cancel function, or `undefined` when timers are
   * unavailable (the clock then reads its source every time). Default: `setInterval`. */
  readonly every?: (tick: () => void, ms: number) => (() => void) | undefined;
}

/**
 * Creates a coarse clock: monotonic, whole milliseconds, at most about a millisecond (or
 * `maxReads` reads) behind its source. The rate limiter's default clock is one of these.
 *
 * @example
 * ```ts
 * const clock = createCoarseClock();
 * const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, clock });
 * ```
 */
export function createCoarseClock(options: CoarseClockOptions = {}): Clock {
  const source = options.source ?? systemClock;
  const maxReads = options.maxReads ?? 64;
  const every = options.every ?? intervalTimer;
  if (typeof source?.now !== 'function') throw new TypeError('expected source to be a clock');
  if (!Number.isSafeInteger(maxReads) || maxReads < 1) {
    throw new RangeError('expected maxReads to be a positive integer');
  }

  let cached = 0;
  let budget = 0;
  let cancel: (() => void) | undefined;
  let timers = true;

  const refresh = (): void => {
    const t = Math.floor(source.now());
    if (t > cached) cached = t;
    budget = maxReads;
  };
  // No reads since the last refresh: stop; the next read refreshes and starts again.
  const tick = (): void => {
    if (budget !== maxReads) return refresh();
    cancel?.();
    cancel = undefined;
    budget = 0;
  };
  const slow = (): number => {
    refresh();
    if (cancel === undefined && timers) cancel = every(tick, 1);
    if (cancel === undefined) timers = false;
    if (!timers) budget = 0;
    return cached;
  };

  return { now: () => (--budget > 0 ? cached : slow()) };
}

/** `setInterval` that does not keep a Node process alive; `undefined` where timers fail. */
function intervalTimer(tick: () => void, ms: number): (() => void) | undefined {
  try {
    const id: unknown = setInterval(tick, ms);
    (id as { unref?: () => void }).unref?.();
    return () => clearInterval(id as ReturnType<typeof setInterval>);
  } catch {
    return undefined;
  }
}
