// API keys: generation from the platform CSPRNG, parsing with one code per fault, and hashing
// at rest through the runtime's provider.
import type { Case } from '../harness.ts';
import type { SuiteContext } from '../context.ts';

const KEY_SHAPE = /^tf_test_[0-9A-Za-z]{49}$/;
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

export function apiKeyCases({ lib, check }: SuiteContext): Case[] {
  const pepper = 'a pepper of at least thirty-two bytes, kept outside the database';

  /** The key with the character at `index` replaced by another base62 digit. */
  const mistype = (key: string, index: number): string => {
    const c = key[index] === 'x' ? 'y' : 'x';
    return key.slice(0, index) + c + key.slice(index + 1);
  };

  return [
    {
      name: 'generateApiKey gives prefix, 49 base62 digits, an id, its start and its SHA-256',
      run: () => {
        const { key, id, start, hash } = lib.generateApiKey({ prefix: 'tf_test' });
        check.matches(key, KEY_SHAPE, 'key');
        check.matches(id, /^[0-9A-Za-z]{22}$/, 'id');
        check.equal(start, key.slice(0, 'tf_test_'.length + 6), 'start');
        check.equal(hash, lib.defaultCrypto.sha256Hex(key), 'hash');
      },
    },
    {
      name: 'generateApiKey draws a new key and id each time',
      run: () => {
        const a = lib.generateApiKey({ prefix: 'tf_test' });
        const b = lib.generateApiKey({ prefix: 'tf_test' });
        check.equal(a.key === b.key || a.id === b.id, false, 'repeated key or id');
      },
    },
    {
      name: 'parseApiKey returns the prefix and start of a generated key',
      run: () => {
        const { key, start } = lib.generateApiKey({ prefix: 'tf_test' });
        check.equal(lib.parseApiKey(key), { prefix: 'tf_test', start }, 'parsed');
      },
    },
    {
      name: 'parseApiKey refuses a mistyped character with ERR_API_KEY_CHECKSUM',
      run: () => {
        const { key } = lib.generateApiKey({ prefix: 'tf_test' });
        check.throwsCode(() => lib.parseApiKey(mistype(key, 20)), 'ERR_API_KEY_CHECKSUM', 'body');
      },
    },
    {
      name: 'parseApiKey refuses missing, overlong, non-base62 and short keys, each by code',
      run: () => {
        const { key } = lib.generateApiKey({ prefix: 'tf_test' });
        check.throwsCode(() => lib.parseApiKey(undefined), 'ERR_API_KEY_MISSING', 'missing');
        check.throwsCode(() => lib.parseApiKey(key.repeat(3)), 'ERR_API_KEY_TOO_LONG', 'long');
        check.throwsCode(() => lib.parseApiKey(key.slice(0, -1) + '-'), 'ERR_API_KEY_CHARSET',
          'charset');
        check.throwsCode(() => lib.parseApiKey(key.slice(0, -1)), 'ERR_API_KEY_LENGTH', 'short');
      },
    },
    {
      name: 'a parser for tf_live refuses a tf_test key with ERR_API_KEY_PREFIX',
      run: () => {
        const parser = lib.createApiKeyParser({ prefixes: ['tf_live'] });
        const { key } = lib.generateApiKey({ prefix: 'tf_test' });
        check.throwsCode(() => parser.parse(key), 'ERR_API_KEY_PREFIX', 'prefix');
      },
    },
    {
      name: 'hashApiKey is SHA-256 hex without a pepper',
      run: () => check.equal(lib.hashApiKey('abc'), ABC_SHA256, 'hashApiKey("abc")'),
    },
    {
      name: 'a peppered hasher gives HMAC-SHA256 hex under the pepper, unlike the plain hash',
      run: () => {
        const { key } = lib.generateApiKey({ prefix: 'tf_test' });
        const hasher = lib.createApiKeyHasher({ pepper });
        const expected = lib.defaultCrypto.hmacSha256(new TextEncoder().encode(pepper)).macHex(key);
        check.equal(hasher.hash(key), expected, 'peppered hash');
        check.equal(lib.hashApiKey(key, pepper), expected, 'hashApiKey with pepper');
        check.equal(hasher.hash(key) === lib.hashApiKey(key), false, 'same as plain');
      },
    },
    {
      name: 'a pepper under 32 bytes is refused at creation with a RangeError',
      run: () => {
        let error: unknown;
        try {
          lib.createApiKeyHasher({ pepper: 'short' });
        } catch (err) {
          error = err;
        }
        check.equal(error instanceof RangeError, true, 'RangeError');
      },
    },
  ];
}
