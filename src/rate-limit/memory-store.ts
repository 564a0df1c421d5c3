// The in-memory bucket store: per key one slot, and per slot one float (the TAT) and one
// reference (the rate it is counted in). No timers; `sweep` drops full buckets only, which is
// invisible because a missing key reads as a full bucket.
import type { RateLimitPolicy } from './policy.ts';
import { parseInterval, rescaledDebt } from './rate.ts';
import type { Rate } from './rate.ts';
import type { BucketState, SyncBucketStore } from './store.ts';

/**
 * The memory bucket store: synchronous, so a limiter on it returns plain decisions.
 *
 * @example
 * ```ts
 * const store = createMemoryBucketStore();
 * setInterval(() => store.sweep(Date.now()), 60_000).unref();
 * ```
 */
export interface MemoryBucketStore extends SyncBucketStore {
  /** Drops the buckets that are full at `nowMs`; returns how many. */
  sweep(nowMs: number): number;
  /** Number of keys held. */
  readonly size: number;
}

/**
 * Creates a memory bucket store. A key costs a `Map` entry (about 30 bytes beyond the key
 * string) and a `Float64Array` slot (8 bytes); once keys run under two or more rates, an array
 * slot naming each key's rate (8 bytes more).
 * TATs count from `originMs`, which starts at 0 and moves to `now` whenever a policy would
 * pass 2^53 units (a rebase: every TAT is shifted, full buckets are dropped). That happens
 * every 50 hours at 1e12 tokens a minute, never at everyday rates.
 *
 * @example
 * ```ts
 * const store = createMemoryBucketStore();
 * const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, store });
 * ```
 */
export function createMemoryBucketStore(): MemoryBucketStore {
  const slots = new Map<string, number>();
  let tats = new Float64Array(1024);
  // While every slot has one rate (the usual case: one policy), `only` names it and there is
  // no per-slot array: 8 bytes a key and one memory access less.
  let only: Rate | undefined;
  let rates: Rate[] | undefined;
  const free: number[] = [];
  const parsed = new Map<string, Rate>();
  let used = 0;
  let origin = 0;

  const insert = (key: string, tat: number, rate: Rate): void => {
    let slot = free.pop();
    if (slot === undefined) {
      slot = used++;
      if (slot === tats.length) {
        const bigger = new Float64Array(slot * 2);
        bigger.set(tats);
        tats = bigger;
        if (rates !== undefined) rates = rates.concat(new Array<Rate>(slot).fill(only!));
      }
    }
    tats[slot] = tat;
    setRate(slot, rate);
    slots.set(key, slot);
  };

  const rateAt = (slot: number): Rate => (rates === undefined ? only! : rates[slot]!);
  const setRate = (slot: number, rate: Rate): void => {
    if (rates !== undefined) rates[slot] = rate;
    else if (only === undefined || only === rate) only = rate;
    else (rates = new Array<Rate>(tats.length).fill(only))[slot] = rate;
  };

  // Moves the origin to `nowMs`: every TAT shifts by its own rate's units; full buckets go.
  const rebase = (nowMs: number): void => {
    const shift = nowMs - origin;
    origin = nowMs;
    for (const [key, slot] of slots) {
      const tat = tats[slot]! - shift * rateAt(slot).unitsPerMs;
      if (tat > 0) tats[slot] = tat;
      else drop(key, slot);
    }
  };

  const drop = (key: string, slot: number): void => {
    slots.delete(key);
    free.push(slot);
  };

  const rateOf = (interval: string): Rate => {
    let rate = parsed.get(interval);
    if (rate === undefined) {
      rate = parseInterval(interval);
      if (rate === undefined) throw new TypeError('expected state.interval to be "T/m"');
      if (parsed.size < 1024) parsed.set(interval, rate);
    }
    return rate;
  };

  // New keys, keys last written under another policy (rescaled), and the horizon (rebase).
  const settle = (key: string, nowMs: number, cost: number, p: RateLimitPolicy): number => {
    let now = (nowMs - origin) * p.unitsPerMs;
    if (now > p.horizonUnits) {
      rebase(nowMs);
      now = 0;
    }
    const t = p.unitsPerToken;
    const tau = p.toleranceUnits;
    const slot = slots.get(key);
    if (slot === undefined) {
      if (cost !== 0 && cost * t <= tau) insert(key, now + cost * t, p);
      return 0;
    }
    const rate = rateAt(slot);
    let debt = rate === p || rate.interval === p.interval
      ? tats[slot]! - now
      : rescaledDebt(tats[slot]!, rate, nowMs - origin, p);
    if (debt < 0) debt = 0;
    else if (debt > tau) debt = tau;
    const next = debt + cost * t;
    if (cost !== 0 && next <= tau) {
      tats[slot] = now + next;
      setRate(slot, p);
    }
    return debt;
  };

  return {
    get originMs() {
      return origin;
    },
    get size() {
      return slots.size;
    },
    // The hot path, kept small so that it inlines into `consume`: a known key last written
    // under this very policy, within the horizon. Everything else goes through `settle`.
    update(key: string, nowMs: number, cost: number, p: RateLimitPolicy): number {
      const slot = slots.get(key);
      if (slot === undefined) return settle(key, nowMs, cost, p);
      const now = (nowMs - origin) * p.unitsPerMs;
      if ((rates === undefined ? only : rates[slot]) !== p || now > p.horizonUnits) {
        return settle(key, nowMs, cost, p);
      }
      const tau = p.toleranceUnits;
      let debt = tats[slot]! - now;
      if (debt < 0) debt = 0;
      else if (debt > tau) debt = tau;
      const next = debt + cost * p.unitsPerToken;
      if (next <= tau && cost !== 0) tats[slot] = now + next;
      return debt;
    },
    load(key: string): BucketState | undefined {
      const slot = slots.get(key);
      return slot === undefined ? undefined : { tat: tats[slot]!, interval: rateAt(slot).interval };
    },
    compareAndSet(key, expected, next, _ttlMs) {
      if (!Number.isSafeInteger(next?.tat)) {
        throw new TypeError('expected next.tat to be an integer');
      }
      const rate = rateOf(next.interval);
      const slot = slots.get(key);
      if (expected === undefined) {
        if (slot !== undefined) return false;
        insert(key, next.tat, rate);
        return true;
      }
      if (slot === undefined || tats[slot] !== expected.tat) return false;
      if (rateAt(slot).interval !== expected.interval) return false;
      tats[slot] = next.tat;
      setRate(slot, rate);
      return true;
    },
    sweep(nowMs: number): number {
      const before = slots.size;
      for (const [key, slot] of slots) {
        if (tats[slot]! <= (nowMs - origin) * rateAt(slot).unitsPerMs) drop(key, slot);
      }
      return before - slots.size;
    },
  };
}
