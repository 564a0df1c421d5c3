import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  decodeBase62Int,
  encodeBase62,
  encodeBase62Int,
  isBase62,
} from '../../src/lib/base62.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Reference: the same number through BigInt, independent of the schoolbook division.
function reference(bytes: Uint8Array, width: number): string {
  let n = bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

describe('encodeBase62', () => {
  it('matches known answers', () => {
    assert.equal(encodeBase62(new Uint8Array([61]), 1), 'z');
    assert.equal(encodeBase62(new Uint8Array([62]), 2), '10');
    assert.equal(encodeBase62(new Uint8Array([0, 0, 0]), 4), '0000');
    assert.equal(encodeBase62(new TextEncoder().encode('Hello, World!'), 18), '1wJfrzvdbtXUOlUjUf');
    assert.equal(
      encodeBase62(new Uint8Array(32).fill(0xff), 43),
      'yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1',
    );
    assert.equal(
      encodeBase62(Uint8Array.from({ length: 32 }, (_, i) => i), 43),
      '003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf',
    );
  });

  it('agrees with a BigInt reference for random 32-byte and 16-byte inputs', () => {
    for (let i = 0; i < 200; i++) {
      const b32 = randomBytes(32);
      const b16 = randomBytes(16);
      assert.equal(encodeBase62(b32, 43), reference(b32, 43));
      assert.equal(encodeBase62(b16, 22), reference(b16, 22));
    }
  });

  it('does not modify its input', () => {
    const b = new Uint8Array([1, 2, 3]);
    encodeBase62(b, 5);
    assert.deepEqual(b, new Uint8Array([1, 2, 3]));
  });

  it('throws a RangeError when the number needs more digits than the width', () => {
    assert.throws(() => encodeBase62(new Uint8Array([62]), 1), RangeError);
    assert.throws(() => encodeBase62(new Uint8Array(32).fill(0xff), 42), RangeError);
  });
});

describe('encodeBase62Int', () => {
  it('matches known answers, left-padded to the width', () => {
    assert.equal(encodeBase62Int(0, 6), '000000');
    assert.equal(encodeBase62Int(61, 2), '0z');
    assert.equal(encodeBase62Int(3843, 2), 'zz');
    assert.equal(encodeBase62Int(0xffffffff, 6), '4gfFC3');
  });

  it('throws a RangeError for a value too wide, negative or fractional', () => {
    assert.throws(() => encodeBase62Int(3844, 2), RangeError);
    assert.throws(() => encodeBase62Int(-1, 6), RangeError);
    assert.throws(() => encodeBase62Int(1.5, 6), RangeError);
  });
});

describe('decodeBase62Int', () => {
  it('inverts encodeBase62Int', () => {
    for (const n of [0, 1, 61, 62, 3843, 0xcbf43926, 0xffffffff]) {
      assert.equal(decodeBase62Int(encodeBase62Int(n, 6)), n);
    }
  });

  it('decodes a slice of a longer string', () => {
    assert.equal(decodeBase62Int('xx4gfFC3yy', 2, 8), 0xffffffff);
  });

  it('returns -1 for a character outside the alphabet', () => {
    assert.equal(decodeBase62Int('4gf_C3'), -1);
    assert.equal(decodeBase62Int('4gf C3'), -1);
    assert.equal(decodeBase62Int('4gfé3'), -1);
  });
});

describe('isBase62', () => {
  it('accepts every alphabet character and refuses anything else', () => {
    assert.equal(isBase62(ALPHABET), true);
    for (const c of ['_', '-', '+', '/', '=', ' ', '\n', '\u0000', 'é', '\u{1F600}']) {
      assert.equal(isBase62(`abc${c}def`), false, JSON.stringify(c));
    }
  });

  it('checks only the requested slice', () => {
    assert.equal(isBase62('__abc__', 2, 5), true);
    assert.equal(isBase62('__abc__', 1, 5), false);
  });
});
