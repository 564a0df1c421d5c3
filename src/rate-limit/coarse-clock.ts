// A cheap clock for the consume hot path. `Date.now()` costs about 40 ns on Node 20, most of a
// consume; this clock reads its source once per synchronous run of JavaScript (it forgets the
// reading when the microtask queue next runs) and at least every `maxReads` reads, and
// answers the cached value in between (about 1 ns).
//
// So a request handled in its own task always sees a fresh time, and a long synchronous loop
// sees time move every `maxReads` reads. No timers: nothing to keep a process awake, nothing
// a runtime can cancel behind our back (workerd cancels a request's timers when it ends).
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
  /** Reads answered from one source reading, at most. Default 64. */
  readonly maxReads?: number;
  /** Runs a function once the current synchronous run ends. Default: `queueMicrotask`. */
  readonly defer?: (fn: () => void) => void;
}

/**
 * Creates a coarse clock: monotonic, whole milliseconds, read from its source at most once
 * per synchronous run and at least every `maxReads` reads. A reading is never older than the
 * start of the current run; an older reading is an earlier time, so a limiter using it sees
 * no more tokens than it should. The rate limiter's default clock is one of these.
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
  const defer = options.defer ?? (typeof queueMicrotask === 'function' ? queueMicrotask : null);
  if (typeof source?.now !== 'function') throw new TypeError('expected source to be a clock');
  if (!Number.isSafeInteger(maxReads) || maxReads < 1) {
    throw new RangeError('expected maxReads to be a positive integer');
  }

  let cached = 0;
  let budget = 0;
  let pending = false;
  const expire = (): void => {
    budget = 0;
    pending = false;
  };
  const slow = (): number => {
    const t = Math.floor(source.now());
    if (t > cached) cached = t;
    if (defer === null) return cached; // no way to notice the run ending: read each time
    budget = maxReads;
    if (!pending) {
      pending = true;
      defer(expire);
    }
    return cached;
  };

  return { now: () => (--budget > 0 ? cached : slow()) };
}
