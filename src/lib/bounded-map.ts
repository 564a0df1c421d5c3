// A Map with a size cap: once full, adding evicts the oldest entry (first in, first out). It
// backs the guard's caches, whose entries are cheap to recompute, so recency tracking (a delete
// and a set on every hit) would cost more than the rare miss it saves.

/**
 * A map holding at most `max` entries; `max` 0 holds nothing.
 *
 * @example
 * ```ts
 * const seen = new BoundedMap<string, number>(2);
 * seen.set('a', 1); seen.set('b', 2); seen.set('c', 3); // 'a' is evicted
 * seen.get('a'); // undefined
 * ```
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    if (this.#max === 0) return;
    const map = this.#map;
    if (!map.has(key) && map.size >= this.#max) {
      map.delete(map.keys().next().value as K);
    }
    map.set(key, value);
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }
}

/**
 * Checks a cache size option: an integer from 0 (no cache) to 10,000,000.
 *
 * @example
 * ```ts
 * const max = checkCacheSize(options.cacheSize, 'cacheSize', 10_000);
 * ```
 */
export function checkCacheSize(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`expected ${name} to be an integer`);
  }
  if (value < 0 || value > 10_000_000) {
    throw new RangeError(`expected ${name} to be from 0 to 10,000,000, got ${value}`);
  }
  return value;
}
