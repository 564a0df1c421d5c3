import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { createApiKeyHasher, hashApiKey } from '../../src/api-key/hash.ts';
import { nodeCrypto } from '../../src/crypto/node.ts';
import { portableCrypto } from '../../src/crypto/portable.ts';
import {
  BODY_0_TO_31,
  KEY_0_TO_31,
  KEY_0_TO_31_HMAC_P32,
  KEY_0_TO_31_SHA256,
  PEERS_KEY,
  PEERS_KEY_HMAC_0_TO_31,
  PEERS_KEY_SHA256,
} from './fixtures.ts';

describe('hashApiKey', () => {
  it('gives the SHA-256 hex of the whole key (known answer)', () => {
    assert.equal(hashApiKey(KEY_0_TO_31), KEY_0_TO_31_SHA256);
  });

  it("hashes any string, such as the peers' 40-character sk_live_ key", () => {
    assert.equal(hashApiKey(PEERS_KEY), PEERS_KEY_SHA256);
    assert.equal(hashApiKey(''), createHash('sha256').update('').digest('hex'));
  });

  it('gives the HMAC-SHA256 hex under a pepper (known answers)', () => {
    assert.equal(hashApiKey(KEY_0_TO_31, 'p'.repeat(32)), KEY_0_TO_31_HMAC_P32);
    assert.equal(hashApiKey(PEERS_KEY, BODY_0_TO_31), PEERS_KEY_HMAC_0_TO_31);
  });

  it('throws a TypeError for a key that is not a string', () => {
    assert.throws(() => hashApiKey(42 as never), TypeError);
  });
});

describe('createApiKeyHasher', () => {
  for (const crypto of [nodeCrypto, portableCrypto]) {
    it(`gives the same known answers with the ${crypto.name} provider`, () => {
      assert.equal(createApiKeyHasher({ crypto }).hash(KEY_0_TO_31), KEY_0_TO_31_SHA256);
      const peppered = createApiKeyHasher({ crypto, pepper: BODY_0_TO_31 });
      assert.equal(peppered.hash(PEERS_KEY), PEERS_KEY_HMAC_0_TO_31);
    });
  }

  it('takes a string pepper as its UTF-8 bytes', () => {
    const pepper = 'ü'.repeat(16); // 32 bytes
    const want = createHmac('sha256', Buffer.from(pepper, 'utf8')).update(PEERS_KEY).digest('hex');
    assert.equal(createApiKeyHasher({ pepper }).hash(PEERS_KEY), want);
  });

  it('gives the same hash on repeated calls (the HMAC key is prepared once)', () => {
    const hasher = createApiKeyHasher({ pepper: 'p'.repeat(32) });
    hasher.hash('x'.repeat(5000));
    assert.equal(hasher.hash(KEY_0_TO_31), KEY_0_TO_31_HMAC_P32);
    assert.equal(hasher.hash(KEY_0_TO_31), KEY_0_TO_31_HMAC_P32);
  });

  it('throws a RangeError for a pepper under 32 bytes', () => {
    assert.throws(() => createApiKeyHasher({ pepper: 'p'.repeat(31) }), RangeError);
    assert.throws(() => createApiKeyHasher({ pepper: new Uint8Array(31) }), RangeError);
  });

  it('throws a TypeError for a pepper or crypto of the wrong type', () => {
    assert.throws(() => createApiKeyHasher({ pepper: 42 as never }), TypeError);
    assert.throws(() => createApiKeyHasher({ crypto: {} as never }), TypeError);
  });
});
