// The layout of a shared bucket table, and its two lock-free directories: key hashes to entry
// slots, and rates to the 11-bit tags that say which units an entry's TAT is counted in. Both
// are claimed with one compare-exchange each and never change afterwards.
import { AuthError } from '../errors.ts';
import type { Rate } from './rate.ts';

/**
 * 64-bit words of the header, then the rate directory, then the entries (two words each).
 *
 * @example
 * ```ts
 * const u64 = new BigUint64Array(new SharedArrayBuffer(8 * (ENTRIES + 2 * size)));
 * u64.subarray(0, HEADER); // the header words
 * ```
 */
export const HEADER: number = 8;
/**
 * Header word 0: "TFGCRA" and the layout version, written last when a table is made.
 *
 * @example
 * ```ts
 * if (Atomics.load(u64, 0) !== MAGIC) throw new TypeError('not a shared bucket table');
 * ```
 */
export const MAGIC: bigint = 0x5446_4743_5241_0001n;
/**
 * Header word: the origin in epoch ms plus 1; 0 while no update has set it.
 *
 * @example
 * ```ts
 * const origin = Number(Atomics.load(u64, W_ORIGIN)) - 1;
 * ```
 */
export const W_ORIGIN: number = 1;
/**
 * Header word: the number of entry slots, a power of two.
 *
 * @example
 * ```ts
 * const size = Number(u64[W_SIZE]);
 * ```
 */
export const W_SIZE: number = 2;
/**
 * Header word: the most keys the table accepts.
 *
 * @example
 * ```ts
 * if (Number(Atomics.load(u64, W_COUNT)) >= Number(u64[W_MAX_KEYS])) throw tableFull('key');
 * ```
 */
export const W_MAX_KEYS: number = 3;
/**
 * Header word: the keys claimed so far.
 *
 * @example
 * ```ts
 * const size = Number(Atomics.load(u64, W_COUNT));
 * ```
 */
export const W_COUNT: number = 4;
/**
 * Header word: two 32-bit hash seeds, drawn when the table is made.
 *
 * @example
 * ```ts
 * const seeds = u64[W_SEED]!;
 * const hi = hash32(key, Number(seeds >> 32n)) || 1;
 * ```
 */
export const W_SEED: number = 5;
/**
 * Tags 1..2047 fit in the low 11 bits of a state word; the TAT takes the other 53.
 *
 * @example
 * ```ts
 * const tag = tagOf(u64, rate); // 1 .. TAGS - 1
 * ```
 */
export const TAGS: number = 2048;
/**
 * First word of the rate directory: two words per tag (T, then m) after the header.
 *
 * @example
 * ```ts
 * Atomics.load(u64, RATES + 2 * tag); // the T of the rate a tag names, 0n while unclaimed
 * ```
 */
export const RATES: number = HEADER;
/**
 * First word of the entries: a key hash and a state word per slot.
 *
 * @example
 * ```ts
 * const words = ENTRIES + 2 * size; // the whole table, in 64-bit words
 * ```
 */
export const ENTRIES: number = RATES + 2 * TAGS;

/**
 * A table full of keys, or of rates: a reported store failure, never a silent pass.
 *
 * @example
 * ```ts
 * if (count >= maxKeys) throw tableFull('key');
 * ```
 */
export const tableFull = (what: string): AuthError =>
  new AuthError('ERR_STORE_UNAVAILABLE', `shared bucket table has no room for another ${what}`);

/**
 * The state-word index of `key`, claiming a slot when `claim` is set; -1 when the key has no
 * slot and `claim` is not set. Keys are told apart by a seeded 64-bit hash (never 0).
 *
 * @example
 * ```ts
 * const w = findSlot(u64, 'app_42', true);
 * Atomics.load(u64, w); // the state word, 0n for a full bucket
 * ```
 */
export function findSlot(u64: BigUint64Array, key: string, claim: boolean): number {
  const seeds = u64[W_SEED]!;
  const hi = hash32(key, Number(seeds >> 32n)) || 1;
  const lo = hash32(key, Number(seeds & 0xffff_ffffn)) || 1;
  const want = (BigInt(hi) << 32n) | BigInt(lo);
  const size = Number(u64[W_SIZE]);
  for (let n = 0, i = lo & (size - 1); n < size; n++, i = (i + 1) & (size - 1)) {
    const w = ENTRIES + 2 * i;
    let seen = Atomics.load(u64, w);
    if (seen === 0n) {
      if (!claim) return -1;
      if (Atomics.add(u64, W_COUNT, 1n) >= u64[W_MAX_KEYS]!) {
        Atomics.sub(u64, W_COUNT, 1n);
        throw tableFull('key');
      }
      seen = Atomics.compareExchange(u64, w, 0n, want);
      if (seen === 0n) return w + 1;
      Atomics.sub(u64, W_COUNT, 1n);
    }
    if (seen === want) return w + 1;
  }
  if (claim) throw tableFull('key');
  return -1;
}

/**
 * The tag of `rate`, registering it when new. Two threads registering one rate at once may
 * get two tags for it; that is harmless, as both name the same units.
 *
 * @example
 * ```ts
 * const word = encodeState(tat, tagOf(u64, policy)); // TAT << 11 | tag
 * ```
 */
export function tagOf(u64: BigUint64Array, rate: Rate): number {
  const t = BigInt(rate.unitsPerToken);
  const m = BigInt(rate.unitsPerMs);
  let tag = (hash32(rate.interval, 0x9e37_79b9) % (TAGS - 1)) + 1;
  for (let n = 1; n < TAGS; n++, tag = (tag % (TAGS - 1)) + 1) {
    const w = RATES + 2 * tag;
    let seen = Atomics.load(u64, w);
    if (seen === 0n) {
      seen = Atomics.compareExchange(u64, w, 0n, t);
      if (seen === 0n) {
        Atomics.store(u64, w + 1, m);
        return tag;
      }
    }
    // `m` still 0: another thread is registering this slot; look further.
    if (seen === t && Atomics.load(u64, w + 1) === m) return tag;
  }
  throw tableFull('rate');
}

/**
 * The rate a tag stands for (written before any state word carries the tag).
 *
 * @example
 * ```ts
 * rateAt(u64, word & 2047).interval; // '60/1'
 * ```
 */
export function rateAt(u64: BigUint64Array, tag: number): Rate {
  const t = Number(Atomics.load(u64, RATES + 2 * tag));
  const m = Number(Atomics.load(u64, RATES + 2 * tag + 1));
  if (!(tag > 0 && tag < TAGS && t > 0 && m > 0)) {
    throw new AuthError('ERR_STORE_UNAVAILABLE', 'shared bucket table holds an unknown rate tag');
  }
  return { unitsPerMs: m, unitsPerToken: t, interval: `${t}/${m}` };
}

/**
 * MurmurHash3's 32-bit mixing over UTF-16 code units, seeded per table.
 *
 * @example
 * ```ts
 * const hi = hash32(key, seedHigh) || 1;
 * ```
 */
export function hash32(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
