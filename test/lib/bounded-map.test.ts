import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap, checkCacheSize } from '../../src/lib/bounded-map.ts';

function contents<K, V>(map: BoundedMap<K, V>, keys: readonly K[]): Array<V | undefined> {
  return keys.map((key) => map.get(key));
}

describe('BoundedMap', () => {
  it('holds up to max entries, then evicts the oldest first', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    assert.equal(map.size, 3);
    assert.deepEqual(contents(map, ['a', 'b', 'c']), [1, 2, 3]);

    map.set('d', 4);
    assert.equal(map.size, 3);
    assert.deepEqual(contents(map, ['a', 'b', 'c', 'd']), [undefined, 2, 3, 4]);
    map.set('e', 5);
    assert.deepEqual(contents(map, ['b', 'c', 'd', 'e']), [undefined, 3, 4, 5]);
  });

  it('evicts by insertion order, not by use: a read does not keep an entry', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1);
    map.set('c', 3);
    assert.deepEqual(contents(map, ['a', 'b', 'c']), [undefined, 2, 3]);
  });

  it('replaces the value of a key already held without evicting anything', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('b', 20);
    assert.equal(map.size, 2);
    assert.deepEqual(contents(map, ['a', 'b']), [10, 20]);
    // Re-setting keeps the first insertion's place: 'a' is still the oldest.
    map.set('c', 3);
    assert.deepEqual(contents(map, ['a', 'b', 'c']), [undefined, 20, 3]);
  });

  it('with max 0 stores nothing', () => {
    const map = new BoundedMap<string, number>(0);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.size, 0);
    assert.deepEqual(contents(map, ['a', 'b']), [undefined, undefined]);
  });

  it('with max 1 keeps only the latest key', () => {
    const map = new BoundedMap<string, number>(1);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.size, 1);
    assert.deepEqual(contents(map, ['a', 'b']), [undefined, 2]);
  });

  it('deletes one key, frees its place, and ignores a key it does not hold', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.delete('a');
    map.delete('nope');
    assert.equal(map.size, 1);
    assert.equal(map.get('a'), undefined);
    map.set('c', 3);
    // The freed place took 'c': nothing was evicted.
    assert.deepEqual(contents(map, ['a', 'b', 'c']), [undefined, 2, 3]);
    map.set('d', 4);
    assert.deepEqual(contents(map, ['b', 'c', 'd']), [undefined, 3, 4]);
  });

  it('clears every entry and can be filled again to its cap', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.clear();
    assert.equal(map.size, 0);
    assert.deepEqual(contents(map, ['a', 'b']), [undefined, undefined]);
    map.set('c', 3);
    map.set('d', 4);
    map.set('e', 5);
    assert.equal(map.size, 2);
    assert.deepEqual(contents(map, ['c', 'd', 'e']), [undefined, 4, 5]);
  });

  it('keeps falsy values and keys apart from absent ones', () => {
    const map = new BoundedMap<unknown, unknown>(4);
    map.set('', 0);
    map.set(0, '');
    map.set(null, false);
    assert.equal(map.size, 3);
    assert.deepEqual(contents(map, ['', 0, null, undefined]), [0, '', false, undefined]);
  });

  it('never grows past its cap, however many keys pass through', () => {
    const map = new BoundedMap<number, number>(100);
    for (let i = 0; i < 10_000; i++) {
      map.set(i, i);
      assert.ok(map.size <= 100);
    }
    assert.equal(map.size, 100);
    assert.equal(map.get(9_899), undefined);
    assert.equal(map.get(9_900), 9_900);
    assert.equal(map.get(9_999), 9_999);
  });
});

describe('checkCacheSize', () => {
  it('returns the fallback when the value is undefined', () => {
    assert.equal(checkCacheSize(undefined, 'cacheSize', 10_000), 10_000);
    assert.equal(checkCacheSize(undefined, 'cacheSize', 0), 0);
  });

  it('returns integers from 0 to 10,000,000 as they are', () => {
    for (const value of [0, 1, 2, 10_000, 9_999_999, 10_000_000]) {
      assert.equal(checkCacheSize(value, 'cacheSize', 5), value);
    }
  });

  it('throws TypeError, naming the option, for anything but an integer', () => {
    const bad: unknown[] = [1.5, 0.1, NaN, Infinity, -Infinity, '10', null, true, {}, [], 10n];
    for (const value of bad) {
      assert.throws(
        () => checkCacheSize(value, 'cache.tokens', 10),
        (err: unknown) => err instanceof TypeError && /cache\.tokens/.test(err.message),
        `expected TypeError for ${String(value)}`,
      );
    }
  });

  it('throws RangeError, naming the option, below 0 or above 10,000,000', () => {
    for (const value of [-1, -10_000, 10_000_001, Number.MAX_SAFE_INTEGER]) {
      assert.throws(
        () => checkCacheSize(value, 'cache.apiKeys', 10),
        (err: unknown) => err instanceof RangeError && /cache\.apiKeys/.test(err.message),
        `expected RangeError for ${value}`,
      );
    }
  });

  it('accepts -0 as 0, which then stores nothing', () => {
    const max = checkCacheSize(-0, 'cacheSize', 5);
    assert.ok(max === 0);
    const map = new BoundedMap<string, number>(max);
    map.set('a', 1);
    assert.equal(map.size, 0);
  });
});
