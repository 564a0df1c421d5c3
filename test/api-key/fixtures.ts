// Known answers, computed independently (Python: int.from_bytes, zlib.crc32, hashlib, hmac).
import { generateApiKey } from '../../src/api-key/generate.ts';

/** Body bytes 0, 1, ..., 31. */
export const BODY_0_TO_31: Uint8Array = Uint8Array.from({ length: 32 }, (_, i) => i);

/** `tf_live` + body 0..31: base62 body `003aUl...Dlf`, CRC-32 of `tf_live_<body>` = `1t7xkV`. */
export const KEY_0_TO_31 = 'tf_live_003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf1t7xkV';

/** `tf` + an all-zero body. */
export const KEY_ZERO = 'tf_00000000000000000000000000000000000000000000OyS0w';

/** SHA-256 hex of {@link KEY_0_TO_31}. */
export const KEY_0_TO_31_SHA256 =
  'afd4f4410a63254c2b949d472afb2fd61b8bb676c1a5c12acbaa4ea1a01c01c2';

/** HMAC-SHA256 hex of {@link KEY_0_TO_31} under the pepper `'p'.repeat(32)`. */
export const KEY_0_TO_31_HMAC_P32 =
  'cb76efc775e630c15f0fc517cb8b62f01ca99769774fad88d350ff89270bb559';

/** The peers' benchmark key (40 characters, not in twofold's format) and its SHA-256 hex. */
export const PEERS_KEY = 'sk_live_8c284055dbb54b7f053a2dc612c3727c';
export const PEERS_KEY_SHA256 =
  'c8e8e501c2058f68259b02827ae7a81ba918c619dc4d5550f3bd82c2a48485bd';

/** HMAC-SHA256 hex of {@link PEERS_KEY} under the pepper bytes 0..31. */
export const PEERS_KEY_HMAC_0_TO_31 =
  '057ee04a2daba93cb5b1aeccd687ad81e0795850174e064197158d32058c6839';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Malformed variants of a valid `tf_live` key, each with the code the verifier must give it
 * (verified with `prefixes: ['tf_live']`).
 */
export function malformedKeys(key: string): Array<[unknown, string]> {
  const last = key.endsWith('A') ? 'B' : 'A';
  return [
    [undefined, 'ERR_API_KEY_MISSING'],
    ['', 'ERR_API_KEY_MISSING'],
    ['x'.repeat(129), 'ERR_API_KEY_TOO_LONG'],
    [` ${key}`, 'ERR_API_KEY_CHARSET'],
    [generateApiKey({ prefix: 'tf_test' }).key, 'ERR_API_KEY_PREFIX'],
    [key.slice(0, -1), 'ERR_API_KEY_LENGTH'],
    [key.slice(0, -1) + last, 'ERR_API_KEY_CHECKSUM'],
  ];
}
