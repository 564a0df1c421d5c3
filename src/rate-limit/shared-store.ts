// A bucket store in a SharedArrayBuffer, so that worker threads share one budget. Each entry
// is one 64-bit word, `TAT << 11 | tag`, updated only with Atomics.compareExchange: no locks,
// no messages. Send `store.buffer` to a worker and attach there.
import { AuthError } from '../errors.ts';
import type { RateLimitPolicy } from './policy.ts';
import { parseInterval, rescaledDebt } from './rate.ts';
import type { Rate } from './rate.ts';
import {
  ENTRIES, findSlot, MAGIC, rateAt, tagOf, W_COUNT, W_MAX_KEYS, W_ORIGIN, W_SEED, W_SIZE,
} from './shared-table.ts';
import type { BucketState, SyncBucketStore } from './store.ts';

/** Compare-exchange rounds on one entry before contention is reported as a store failure. */
const CAS_ROUNDS = 64;

// A state word is `TAT * 2^11 + tag`. Both directions go through one scratch word seen as two
// 32-bit halves, so encoding costs one BigInt allocation instead of three, decoding none.
const scratch = new BigUint64Array(1);
const halves = new Uint32Array(scratch.buffer);
const LO = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** The state word for a TAT (an integer below 2^53) and a tag. */
function encodeState(tat: number, tag: number): bigint {
  halves[HI] = Math.floor(tat / 2_097_152);
  halves[LO] = (tat % 2_097_152) * 2048 + tag;
  return scratch[0]!;
}

/** The TAT of a state word. */
function tatOf(word: bigint): number {
  scratch[0] = word;
  return halves[HI]! * 2_097_152 + (halves[LO]! >>> 11);
}

/** The tag of a state word. */
function tagOfState(word: bigint): number {
  scratch[0] = word;
  return halves[LO]! & 2047;
}

/**
 * A bucket store shared by worker threads.
 *
 * @example
 * ```ts
 * const store = createSharedBucketStore({ maxKeys: 10_000 });
 * new Worker(url, { workerData: { buckets: store.buffer } });
 * ```
 */
export interface SharedBucketStore extends SyncBucketStore {
  /** The memory the table lives in; pass it to {@link attachSharedBucketStore} in a worker. */
  readonly buffer: SharedArrayBuffer;
  /** Keys held (claimed slots are never freed; size the table for all keys). */
  readonly size: number;
}

/**
 * Options of {@link createSharedBucketStore}.
 *
 * @example
 * ```ts
 * const options: SharedBucketStoreOptions = { maxKeys: 100_000 };
 * ```
 */
export interface SharedBucketStoreOptions {
  /** Keys the table can hold; one more is a reported store failure. Default 65,536. */
  readonly maxKeys?: number;
  /** Epoch ms TATs count from. Default: the first time an update passes in. */
  readonly originMs?: number;
}

/**
 * Creates a shared bucket table: 16 bytes a slot, 4/3 slots a key (rounded up to a power of
 * two), plus 32 KiB of rate directory. TATs are 53-bit counts of units since the origin, so a
 * policy works for (2^53 - 2 tau) / m ms after it: 285,000 years at 1,000 a minute, 5.7
 * years at 1e9 a minute, 50 hours at 1e12 a minute; past that, updates report a store error.
 *
 * @example
 * ```ts
 * const store = createSharedBucketStore();
 * const limiter = createRateLimiter({ limit: 1_000, periodMs: 60_000, store });
 * ```
 */
export function createSharedBucketStore(options: SharedBucketStoreOptions = {}): SharedBucketStore {
  const maxKeys = options.maxKeys ?? 65_536;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1 || maxKeys > 2 ** 28) {
    throw new RangeError('expected maxKeys to be an integer from 1 to 2^28');
  }

  const { originMs } = options;
  if (originMs !== undefined && !(Number.isSafeInteger(originMs) && originMs >= 0)) {
    throw new RangeError('expected originMs to be a non-negative safe integer');
  }
  let size = 8;
  while (size < Math.ceil((maxKeys * 4) / 3)) size *= 2;
  const u64 = new BigUint64Array(new SharedArrayBuffer(8 * (ENTRIES + 2 * size)));
  const seeds = crypto.getRandomValues(new Uint32Array(2));
  u64[W_SIZE] = BigInt(size);
  u64[W_MAX_KEYS] = BigInt(maxKeys);
  u64[W_SEED] = (BigInt(seeds[0]!) << 32n) | BigInt(seeds[1]!);
  if (originMs !== undefined) u64[W_ORIGIN] = BigInt(originMs) + 1n;
  Atomics.store(u64, 0, MAGIC);
  return attachSharedBucketStore(u64.buffer as SharedArrayBuffer);
}

/**
 * Opens a table made by {@link createSharedBucketStore}, typically in a worker thread that was
 * sent `store.buffer`.
 *
 * @example
 * ```ts
 * const store = attachSharedBucketStore(workerData.buckets);
 * ```
 */
export function attachSharedBucketStore(buffer: SharedArrayBuffer): SharedBucketStore {
  if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < 8 * (ENTRIES + 16)) {
    throw new TypeError('expected buffer to be the SharedArrayBuffer of a shared bucket store');
  }
  const u64 = new BigUint64Array(buffer);
  const size = Number(u64[W_SIZE]);
  if (Atomics.load(u64, 0) !== MAGIC || buffer.byteLength !== 8 * (ENTRIES + 2 * size)) {
    throw new TypeError('expected buffer to be the SharedArrayBuffer of a shared bucket store');
  }

  const slots = new Map<string, number>(); // key -> state word; slots never move
  const tags = new Map<string, number>();
  const rates = new Map<number, Rate>();
  let origin: number | undefined;
  let lastPolicy: RateLimitPolicy | undefined;
  let lastTag = 0;

  const originFor = (nowMs: number): number => {
    if (origin !== undefined) return origin;
    const want = BigInt(Math.max(0, Math.floor(nowMs))) + 1n;
    const seen = Atomics.compareExchange(u64, W_ORIGIN, 0n, want);
    return (origin = Number((seen === 0n ? want : seen) - 1n));
  };
  const slotOf = (key: string): number => {
    let w = slots.get(key);
    if (w === undefined) slots.set(key, (w = findSlot(u64, key, true)));
    return w;
  };
  const tagFor = (rate: Rate): number => {
    let tag = tags.get(rate.interval);
    if (tag === undefined) tags.set(rate.interval, (tag = tagOf(u64, rate)));
    return tag;
  };
  const rateOf = (tag: number): Rate => {
    let rate = rates.get(tag);
    if (rate === undefined) rates.set(tag, (rate = rateAt(u64, tag)));
    return rate;
  };
  const decode = (word: bigint): BucketState => ({
    tat: tatOf(word),
    interval: rateOf(tagOfState(word)).interval,
  });

  return {
    buffer,
    get originMs() {
      return originFor(0);
    },
    get size() {
      return Number(Atomics.load(u64, W_COUNT));
    },
    update(key: string, nowMs: number, cost: number, p: RateLimitPolicy): number {
      const elapsed = Math.max(0, nowMs - originFor(nowMs));
      const now = elapsed * p.unitsPerMs;
      if (now > p.horizonUnits) {
        throw new AuthError('ERR_STORE_UNAVAILABLE', 'shared bucket table is past its horizon');
      }
      const w = slotOf(key);
      if (p !== lastPolicy) {
        lastTag = tagFor(p);
        lastPolicy = p;
      }
      const tag = lastTag;
      const tau = p.toleranceUnits;
      for (let round = 0; round < CAS_ROUNDS; round++) {
        const word = Atomics.load(u64, w);
        let debt = 0;
        if (word !== 0n) {
          const tat = tatOf(word);
          const was = tagOfState(word);
          debt = was === tag ? tat - now : rescaledDebt(tat, rateOf(was), elapsed, p);
          debt = debt < 0 ? 0 : debt > tau ? tau : debt;
        }
        const next = debt + cost * p.unitsPerToken;
        if (cost === 0 || next > tau) return debt;
        const want = encodeState(now + next, tag);
        if (Atomics.compareExchange(u64, w, word, want) === word) return debt;
      }
      throw new AuthError('ERR_STORE_UNAVAILABLE', 'shared bucket contention: retries exhausted');
    },
    load(key: string): BucketState | undefined {
      const w = slots.get(key) ?? findSlot(u64, key, false);
      const word = w < 0 ? 0n : Atomics.load(u64, w);
      return word === 0n ? undefined : decode(word);
    },
    compareAndSet(key, expected, next, _ttlMs) {
      const rate = parseInterval(next?.interval);
      if (!Number.isSafeInteger(next?.tat) || next.tat < 0 || rate === undefined) {
        throw new TypeError('expected next to be a bucket state with a non-negative tat');
      }
      const w = slotOf(key);
      const word = Atomics.load(u64, w);
      if (expected === undefined ? word !== 0n : !sameState(word, expected, decode)) return false;
      const want = encodeState(next.tat, tagFor(rate));
      return Atomics.compareExchange(u64, w, word, want) === word;
    },
  };
}

function sameState(word: bigint, expected: BucketState, decode: (w: bigint) => BucketState) {
  if (word === 0n) return false;
  const state = decode(word);
  return state.tat === expected.tat && state.interval === expected.interval;
}
