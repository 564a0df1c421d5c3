import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { nodeCrypto } from '../../src/crypto/node.ts';
import { portableCrypto } from '../../src/crypto/portable.ts';
import { defaultCrypto } from '../../src/crypto/index.ts';
import type { CryptoProvider } from '../../src/crypto/types.ts';
import { fromHex, toHex } from '../../src/lib/bytes.ts';
import {
  hmacTruncated,
  hmacVectors,
  millionA,
  sha256Vectors,
} from '../fixtures/sha256-vectors.ts';

const enc = new TextEncoder();
const hex = (h: string): Uint8Array => fromHex(h)!;

for (const provider of [nodeCrypto, portableCrypto] as CryptoProvider[]) {
  describe(`${provider.name} provider`, () => {
    describe('sha256', () => {
      for (const v of sha256Vectors) {
        it(`matches FIPS 180-4: ${v.name}`, () => {
          assert.equal(toHex(provider.sha256(enc.encode(v.input))), v.hex);
          assert.equal(provider.sha256Hex(v.input), v.hex);
        });
      }

      it('matches FIPS 180-4: one million "a"', () => {
        assert.equal(provider.sha256Hex('a'.repeat(1_000_000)), millionA.hex);
      });

      it('hashes the UTF-8 bytes of a string', () => {
        const s = 'pässwörd ✓ 𝄞';
        assert.equal(provider.sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'));
      });
    });

    describe('hmacSha256', () => {
      for (const v of hmacVectors) {
        it(`matches ${v.name}`, () => {
          const h = provider.hmacSha256(hex(v.key));
          assert.equal(toHex(h.mac(hex(v.data))), v.mac);
          const latin1 = String.fromCharCode(...hex(v.data));
          const b64 = Buffer.from(v.mac, 'hex').toString('base64url');
          assert.equal(h.macLatin1Base64url(latin1), b64);
        });
      }

      it('matches RFC 4231 test case 5 truncated to 128 bits', () => {
        const mac = provider.hmacSha256(hex(hmacTruncated.key)).mac(hex(hmacTruncated.data));
        assert.equal(toHex(mac).slice(0, 32), hmacTruncated.mac128);
      });

      it('gives the same MAC on repeated and interleaved calls', () => {
        const a = provider.hmacSha256(new Uint8Array(32).fill(1));
        const b = provider.hmacSha256(new Uint8Array(32).fill(2));
        const first = a.macLatin1Base64url('x.y');
        b.macLatin1Base64url('a much longer message '.repeat(100));
        assert.equal(a.macLatin1Base64url('x.y'), first);
        assert.notEqual(b.macLatin1Base64url('x.y'), first);
      });

      it('macHex takes the UTF-8 bytes of its input', () => {
        const key = new Uint8Array(32).fill(9);
        const s = 'tf_live_ключ';
        assert.equal(
          provider.hmacSha256(key).macHex(s),
          createHmac('sha256', key).update(s, 'utf8').digest('hex'),
        );
      });
    });

    describe('against node:crypto on random inputs', () => {
      it('agrees for every length from 0 to 300 bytes, 10 inputs each', () => {
        for (let len = 0; len <= 300; len++) {
          for (let rep = 0; rep < 10; rep++) {
            const data = new Uint8Array(randomBytes(len));
            const key = new Uint8Array(randomBytes(1 + ((len * 7 + rep * 13) % 100)));
            assert.equal(
              toHex(provider.sha256(data)),
              createHash('sha256').update(data).digest('hex'),
            );
            const expected = createHmac('sha256', key).update(data).digest();
            assert.equal(toHex(provider.hmacSha256(key).mac(data)), expected.toString('hex'));
            const latin1 = String.fromCharCode(...data);
            assert.equal(
              provider.hmacSha256(key).macLatin1Base64url(latin1),
              expected.toString('base64url'),
            );
          }
        }
      });
    });
  });
}

describe('defaultCrypto', () => {
  it('is the node:crypto provider under Node unless the portable condition is set', () => {
    const portable = process.execArgv.join(' ').includes('twofold-portable');
    assert.equal(defaultCrypto.name, portable ? 'portable' : 'node');
  });
});
