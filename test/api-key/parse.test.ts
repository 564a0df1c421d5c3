import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatApiKey } from '../../src/api-key/format.ts';
import { generateApiKey } from '../../src/api-key/generate.ts';
import { createApiKeyParser, parseApiKey } from '../../src/api-key/parse.ts';
import type { ApiKeyParser } from '../../src/api-key/parse.ts';
import { AuthError } from '../../src/errors.ts';
import type { AuthErrorCode } from '../../src/errors.ts';
import { BASE62, KEY_0_TO_31 } from './fixtures.ts';

const live = createApiKeyParser({ prefixes: ['tf_live'] });

function codeOf(parser: ApiKeyParser, key: unknown): AuthErrorCode | undefined {
  try {
    parser.parse(key);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof AuthError, 'expected an AuthError');
    return err.code;
  }
}

describe('createApiKeyParser', () => {
  it('parses a generated key into its prefix and start', () => {
    const { key, start } = generateApiKey({ prefix: 'tf_live' });
    assert.deepEqual(live.parse(key), { prefix: 'tf_live', start });
  });

  it('parses the known-answer key', () => {
    assert.deepEqual(live.parse(KEY_0_TO_31), { prefix: 'tf_live', start: 'tf_live_003aUl' });
  });

  it('rejects a missing or empty key with ERR_API_KEY_MISSING', () => {
    for (const key of [undefined, null, '', 42, ['x']]) {
      assert.equal(codeOf(live, key), 'ERR_API_KEY_MISSING', String(key));
    }
  });

  it('rejects a key over 128 characters with ERR_API_KEY_TOO_LONG before other checks', () => {
    assert.equal(codeOf(live, 'a'.repeat(129)), 'ERR_API_KEY_TOO_LONG');
    assert.equal(codeOf(live, ' '.repeat(10_000)), 'ERR_API_KEY_TOO_LONG');
    assert.equal(codeOf(live, KEY_0_TO_31 + 'x'.repeat(72)), 'ERR_API_KEY_TOO_LONG');
  });

  it('rejects whitespace and characters outside [A-Za-z0-9_] with ERR_API_KEY_CHARSET', () => {
    const variants = [
      ` ${KEY_0_TO_31}`,
      `${KEY_0_TO_31}\n`,
      `${KEY_0_TO_31.slice(0, 20)}\t${KEY_0_TO_31.slice(21)}`,
      `${KEY_0_TO_31.slice(0, 20)}-${KEY_0_TO_31.slice(21)}`,
      `${KEY_0_TO_31.slice(0, 20)}é${KEY_0_TO_31.slice(21)}`,
      `${KEY_0_TO_31.slice(0, 20)}\u0000${KEY_0_TO_31.slice(21)}`,
      `Bearer ${KEY_0_TO_31}`,
    ];
    for (const key of variants) assert.equal(codeOf(live, key), 'ERR_API_KEY_CHARSET', key);
  });

  it("rejects a '_' inside the body or checksum with ERR_API_KEY_CHARSET", () => {
    const key = `${KEY_0_TO_31.slice(0, 30)}_${KEY_0_TO_31.slice(31)}`;
    assert.equal(codeOf(live, key), 'ERR_API_KEY_CHARSET');
    assert.equal(codeOf(createApiKeyParser(), key), 'ERR_API_KEY_CHARSET');
  });

  it('rejects a well-formed key with another prefix with ERR_API_KEY_PREFIX', () => {
    assert.equal(codeOf(live, generateApiKey({ prefix: 'tf_test' }).key), 'ERR_API_KEY_PREFIX');
    assert.equal(codeOf(live, generateApiKey({ prefix: 'live' }).key), 'ERR_API_KEY_PREFIX');
    assert.equal(codeOf(live, 'short'), 'ERR_API_KEY_PREFIX');
  });

  it('rejects a known prefix with a body too short or too long with ERR_API_KEY_LENGTH', () => {
    assert.equal(codeOf(live, KEY_0_TO_31.slice(0, -1)), 'ERR_API_KEY_LENGTH');
    assert.equal(codeOf(live, `${KEY_0_TO_31}A`), 'ERR_API_KEY_LENGTH');
    assert.equal(codeOf(live, 'tf_live_'), 'ERR_API_KEY_LENGTH');
    assert.equal(codeOf(live, 'tf_live_abc'), 'ERR_API_KEY_LENGTH');
  });

  it('rejects a wrong checksum with ERR_API_KEY_CHECKSUM', () => {
    const last = KEY_0_TO_31.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(codeOf(live, KEY_0_TO_31.slice(0, -1) + last), 'ERR_API_KEY_CHECKSUM');
  });

  it('tells apart prefixes that are prefixes of each other by the fixed-length tail', () => {
    const both = createApiKeyParser({ prefixes: ['tf', 'tf_live'] });
    const short = generateApiKey({ prefix: 'tf' }).key;
    assert.equal(both.parse(short).prefix, 'tf');
    assert.equal(both.parse(KEY_0_TO_31).prefix, 'tf_live');
    const underscore = `${KEY_0_TO_31.slice(0, 30)}_${KEY_0_TO_31.slice(31)}`;
    assert.equal(codeOf(both, underscore), 'ERR_API_KEY_CHARSET');
  });

  it('names no part of the key in its error message', () => {
    try {
      live.parse(KEY_0_TO_31.slice(0, -1) + '0');
      assert.fail('expected a rejection');
    } catch (err) {
      assert.ok(err instanceof AuthError);
      assert.ok(!err.message.includes('003aUl'), err.message);
      assert.equal(err.field, 'apiKey');
    }
  });

  it('refuses with an error that has no stack frames, leaving stackTraceLimit as it was', () => {
    const before = Error.stackTraceLimit;
    try {
      live.parse('tf_live_abc');
      assert.fail('expected a rejection');
    } catch (err) {
      assert.ok(err instanceof AuthError);
      assert.doesNotMatch(String(err.stack), /\n\s+at /);
    }
    assert.equal(Error.stackTraceLimit, before);
  });

  it('throws a TypeError at creation for bad prefixes', () => {
    assert.throws(() => createApiKeyParser({ prefixes: [] }), TypeError);
    assert.throws(() => createApiKeyParser({ prefixes: 'tf_live' as never }), TypeError);
    assert.throws(() => createApiKeyParser({ prefixes: ['tf-live'] }), TypeError);
    assert.throws(() => createApiKeyParser({ prefixes: ['tf_'] }), RangeError);
  });
});

describe('parseApiKey', () => {
  it('accepts any prefix that follows the grammar', () => {
    for (const prefix of ['tf_live', 'x', 'acme_v2_test', 'Z'.repeat(32)]) {
      const { key } = generateApiKey({ prefix });
      assert.equal(parseApiKey(key).prefix, prefix);
    }
  });

  it('rejects a prefix outside the grammar with ERR_API_KEY_PREFIX', () => {
    const tail = KEY_0_TO_31.slice(7);
    for (const prefix of ['9tf', 'tf_', 'a'.repeat(33)]) {
      assert.throws(
        () => parseApiKey(prefix + tail),
        (err: AuthError) => err.code === 'ERR_API_KEY_PREFIX',
        prefix,
      );
    }
  });

  it('rejects a key without a separator at the tail with ERR_API_KEY_LENGTH', () => {
    for (const key of ['abc', 'x'.repeat(57), KEY_0_TO_31.slice(1, -1)]) {
      assert.throws(
        () => parseApiKey(key),
        (err: AuthError) => err.code === 'ERR_API_KEY_LENGTH',
      );
    }
  });
});

// CRC-32 detects every burst of up to 32 bits, so one changed character is always caught.
describe('tamper resistance', () => {
  const key = formatApiKey('tf_live', Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 7));
  const any = createApiKeyParser();

  it('rejects every single-character substitution at every position, to any base62 digit', () => {
    let variants = 0;
    for (let i = 0; i < key.length; i++) {
      for (const c of `${BASE62}_`) {
        if (c === key[i]) continue;
        const tampered = key.slice(0, i) + c + key.slice(i + 1);
        variants++;
        const strict = codeOf(live, tampered);
        const loose = codeOf(any, tampered);
        assert.notEqual(strict, undefined, `accepted ${tampered}`);
        assert.notEqual(loose, undefined, `accepted ${tampered}`);
        // In the body and checksum a digit for a digit can only be caught by the checksum.
        if (i > 7 && c !== '_') assert.equal(strict, 'ERR_API_KEY_CHECKSUM');
      }
    }
    assert.equal(variants, 57 * 62);
  });

  it('rejects every swap of two neighbouring characters that changes the key', () => {
    for (let i = 0; i + 1 < key.length; i++) {
      if (key[i] === key[i + 1]) continue;
      const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      assert.notEqual(codeOf(any, swapped), undefined, `accepted ${swapped}`);
    }
  });

  it('rejects a key whose prefix was changed to another accepted prefix', () => {
    const both = createApiKeyParser({ prefixes: ['tf_live', 'tf_test'] });
    const moved = `tf_test${key.slice(7)}`;
    assert.equal(codeOf(both, moved), 'ERR_API_KEY_CHECKSUM');
  });

  it('rejects every truncation with ERR_API_KEY_LENGTH or ERR_API_KEY_PREFIX', () => {
    for (let n = 1; n < key.length; n++) {
      const code = codeOf(live, key.slice(0, n));
      assert.ok(code === 'ERR_API_KEY_LENGTH' || code === 'ERR_API_KEY_PREFIX', `${n}: ${code}`);
    }
  });
});
