import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  decodeBase64url,
  encodeBase64url,
  isCanonicalBase64url,
} from '../../src/lib/base64url.ts';

describe('encodeBase64url', () => {
  it('matches RFC 4648 §10 test vectors in the url alphabet without padding', () => {
    const cases: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [raw, b64] of cases) assert.equal(encodeBase64url(Buffer.from(raw)), b64);
  });

  it('agrees with Buffer for random bytes of every length up to 100', () => {
    for (let n = 0; n <= 100; n++) {
      const b = randomBytes(n);
      assert.equal(encodeBase64url(b), b.toString('base64url'));
    }
  });
});

describe('decodeBase64url', () => {
  it('round-trips random bytes of every length up to 100', () => {
    for (let n = 0; n <= 100; n++) {
      const b = randomBytes(n);
      assert.deepEqual(decodeBase64url(b.toString('base64url')), new Uint8Array(b));
    }
  });

  it('decodes a slice of a longer string', () => {
    assert.deepEqual(decodeBase64url('xxZm9vYmFyxx', 2, 10), new Uint8Array(Buffer.from('foobar')));
  });

  it('rejects padding, the standard alphabet, whitespace and an impossible length', () => {
    for (const bad of ['Zg==', 'Zm8=', 'a+b/', 'Zm9v\n', ' Zm9v', 'Zm9vY', 'Zm 9v', 'Z\u00e9']) {
      assert.equal(decodeBase64url(bad), undefined, bad);
      assert.equal(isCanonicalBase64url(bad), false, bad);
    }
  });

  it('rejects non-zero trailing bits (one input, one encoding)', () => {
    assert.deepEqual(decodeBase64url('Zg'), new Uint8Array([0x66]));
    assert.equal(decodeBase64url('Zh'), undefined);
    assert.equal(decodeBase64url('Zm9'), undefined);
    assert.equal(isCanonicalBase64url('Zh'), false);
    assert.equal(isCanonicalBase64url('Zm8'), true);
  });
});
