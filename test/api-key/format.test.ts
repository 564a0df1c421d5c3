import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatApiKey, startOf } from '../../src/api-key/format.ts';
import { generateApiKey } from '../../src/api-key/generate.ts';
import { createApiKeyHasher } from '../../src/api-key/hash.ts';
import { BODY_0_TO_31, KEY_0_TO_31, KEY_ZERO } from './fixtures.ts';

const LAYOUT = /^tf_live_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/;

describe('formatApiKey', () => {
  it('lays out prefix, separator, 43 body digits and the 6-digit CRC-32 (known answer)', () => {
    assert.equal(formatApiKey('tf_live', BODY_0_TO_31), KEY_0_TO_31);
  });

  it('left-pads a small body with zeros so every key has the same length', () => {
    assert.equal(formatApiKey('tf', new Uint8Array(32)), KEY_ZERO);
  });
});

describe('startOf', () => {
  it('shows the prefix, the separator and six body digits', () => {
    assert.equal(startOf(KEY_0_TO_31), 'tf_live_003aUl');
    assert.equal(startOf(KEY_ZERO), 'tf_000000');
  });
});

describe('generateApiKey', () => {
  it('returns a 57-character key for prefix tf_live, in the documented layout', () => {
    const { key } = generateApiKey({ prefix: 'tf_live' });
    assert.equal(key.length, 57);
    assert.match(key, LAYOUT);
  });

  it('returns start, a 22-digit base62 id and the SHA-256 hex of the key', () => {
    const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
    assert.equal(start, key.slice(0, 14));
    assert.match(id, /^[0-9A-Za-z]{22}$/);
    assert.equal(hash, createHash('sha256').update(key).digest('hex'));
  });

  it('hashes with the given hasher', () => {
    const hasher = createApiKeyHasher({ pepper: 'p'.repeat(32) });
    const { key, hash } = generateApiKey({ prefix: 'tf_live', hasher });
    assert.equal(hash, hasher.hash(key));
    assert.notEqual(hash, createHash('sha256').update(key).digest('hex'));
  });

  it('never repeats a key or an id over 1,000 draws', () => {
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const g = generateApiKey({ prefix: 'tf' });
      keys.add(g.key);
      ids.add(g.id);
    }
    assert.equal(keys.size, 1000);
    assert.equal(ids.size, 1000);
  });

  it('accepts prefixes that contain underscores and digits', () => {
    const { key } = generateApiKey({ prefix: 'acme_v2_live' });
    assert.match(key, /^acme_v2_live_[0-9A-Za-z]{49}$/);
  });

  it('throws a TypeError for a prefix that is not a string of [A-Za-z0-9_]', () => {
    for (const prefix of [undefined, 42, 'tf-live', 'tf live', 'tf.live', 'tfé']) {
      assert.throws(() => generateApiKey({ prefix } as never), TypeError, String(prefix));
    }
  });

  it('throws a RangeError for an empty, leading-digit, trailing-underscore or long prefix', () => {
    for (const prefix of ['', '1tf', '_tf', 'tf_', 'a'.repeat(33)]) {
      assert.throws(() => generateApiKey({ prefix }), RangeError, prefix);
    }
  });

  it('accepts a prefix of exactly 32 characters', () => {
    assert.equal(generateApiKey({ prefix: 'a'.repeat(32) }).key.length, 82);
  });
});
