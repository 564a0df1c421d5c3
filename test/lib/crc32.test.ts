import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { CRC32_TABLES, crc32, crc32Latin1 } from '../../src/lib/crc32.ts';

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

describe('CRC32_TABLES', () => {
  it('gives the same CRC four bytes a step (slicing-by-4) as byte by byte', () => {
    const T = CRC32_TABLES;
    for (let n = 0; n <= 64; n++) {
      const b = randomBytes(n);
      let c = -1;
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        c ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
        c = T[768 + (c & 255)]! ^ T[512 + ((c >>> 8) & 255)]! ^ T[256 + ((c >>> 16) & 255)]! ^
          T[c >>> 24]!;
      }
      for (; i < n; i++) c = T[(c ^ b[i]!) & 255]! ^ (c >>> 8);
      assert.equal((c ^ -1) >>> 0, crc32(b), `length ${n}`);
    }
  });
});
