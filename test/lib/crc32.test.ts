import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32, crc32Latin1 } from '../../src/lib/crc32.ts';

// Check values of CRC-32/ISO-HDLC (the IEEE 802.3 / zlib CRC).
const vectors: Array<[string, number]> = [
  ['', 0x00000000],
  ['a', 0xe8b7be43],
  ['abc', 0x352441c2],
  ['123456789', 0xcbf43926],
  ['The quick brown fox jumps over the lazy dog', 0x414fa339],
];

describe('crc32', () => {
  for (const [text, want] of vectors) {
    it(`gives 0x${want.toString(16).padStart(8, '0')} for ${JSON.stringify(text)}`, () => {
      assert.equal(crc32(new TextEncoder().encode(text)), want);
    });
  }

  it('agrees with zlib for random bytes of every length up to 300', () => {
    for (let n = 0; n <= 300; n++) {
      const b = randomBytes(n);
      assert.equal(crc32(b), zlibCrc32(b));
    }
  });

  it('returns an unsigned 32-bit integer', () => {
    const c = crc32(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    assert.equal(c, 0xffffffff);
  });
});

describe('crc32Latin1', () => {
  for (const [text, want] of vectors) {
    it(`gives 0x${want.toString(16).padStart(8, '0')} for ${JSON.stringify(text)}`, () => {
      assert.equal(crc32Latin1(text), want);
    });
  }

  it('covers only the requested slice of the string', () => {
    assert.equal(crc32Latin1('xx123456789yy', 2, 11), 0xcbf43926);
  });
});
