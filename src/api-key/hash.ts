// Hashing at rest. A key's body is 256 random bits, so no one can guess it or try a dictionary
// against a stolen hash: a slow password hash (bcrypt, scrypt, PBKDF2) would add nothing but
// cost on every request. One SHA-256 suffices. The optional pepper is an HMAC-SHA256 key kept
// outside the database (an environment secret, a KMS), so a stolen key table alone cannot even
// confirm a leaked key.
import { defaultCrypto } from '../crypto/index.ts';
import type { CryptoProvider } from '../crypto/types.ts';
import { utf8Encode } from '../lib/utf8.ts';

/**
 * Turns a key into the value a {@link KeyStore} keeps: 64 lowercase hex digits.
 *
 * @example
 * ```ts
 * const hasher: ApiKeyHasher = createApiKeyHasher();
 * hasher.hash(key); // 64 hex digits
 * ```
 */
export interface ApiKeyHasher {
  /** The digest of `key`, as 64 lowercase hex digits. */
  hash(key: string): string;
}

/**
 * Options of {@link createApiKeyHasher}.
 *
 * @example
 * ```ts
 * createApiKeyHasher({ pepper: process.env.API_KEY_PEPPER });
 * ```
 */
export interface ApiKeyHasherOptions {
  /**
   * HMAC-SHA256 key held outside the database, at least 32 bytes (a string counts its UTF-8
   * bytes). Without it the hash is plain SHA-256.
   */
  readonly pepper?: Uint8Array | string;
  /** Crypto provider. Default: the runtime's. */
  readonly crypto?: CryptoProvider;
}

const MIN_PEPPER_BYTES = 32;

/**
 * Creates the hasher for stored keys: SHA-256 hex, or HMAC-SHA256 hex under a pepper prepared
 * once here.
 *
 * @example
 * ```ts
 * const hasher = createApiKeyHasher({ pepper: process.env.API_KEY_PEPPER });
 * const record = await stores.keys.findByHash(hasher.hash(key));
 * ```
 */
export function createApiKeyHasher(options: ApiKeyHasherOptions = {}): ApiKeyHasher {
  const crypto = options.crypto ?? defaultCrypto;
  if (typeof crypto?.sha256Hex !== 'function' || typeof crypto.hmacSha256 !== 'function') {
    throw new TypeError('expected crypto to be a CryptoProvider');
  }

  const { pepper } = options;
  if (pepper === undefined) {
    const sha256Hex = crypto.sha256Hex;
    return { hash: (key) => sha256Hex(checkKey(key)) };
  }

  const bytes = typeof pepper === 'string' ? utf8Encode(pepper) : pepper;
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('expected pepper to be a Uint8Array or a string');
  }
  if (bytes.length < MIN_PEPPER_BYTES) {
    throw new RangeError(`expected pepper of at least ${MIN_PEPPER_BYTES} bytes`);
  }
  const hmac = crypto.hmacSha256(bytes);
  return { hash: (key) => hmac.macHex(checkKey(key)) };
}

const plain: ApiKeyHasher = createApiKeyHasher();

/**
 * Hashes a key for storage: SHA-256 of its UTF-8 bytes as lowercase hex, or HMAC-SHA256 with a
 * pepper. Any string is accepted (it need not be a twofold key). A slow password hash would buy
 * nothing: a generated key carries 256 random bits, so there is no dictionary to try and no
 * brute force to slow down. With a pepper, prefer {@link createApiKeyHasher}, which prepares
 * the HMAC key once instead of on every call.
 *
 * @example
 * ```ts
 * hashApiKey('tf_live_...'); // '3f0a...' (64 hex digits)
 * ```
 */
export function hashApiKey(key: string, pepper?: Uint8Array | string): string {
  if (pepper === undefined) return plain.hash(key);
  return createApiKeyHasher({ pepper }).hash(key);
}

function checkKey(key: string): string {
  if (typeof key !== 'string') throw new TypeError('expected key to be a string');
  return key;
}
