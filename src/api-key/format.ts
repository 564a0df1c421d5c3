// The API key layout and its syntactic check, shared by generation, parsing and verification.
//
//   <prefix>_<body><checksum>        e.g. tf_live_<43 chars><6 chars>
//
// - prefix: 1 to 32 of [A-Za-z0-9_], starting with a letter and not ending with '_'. A prefix may
//   itself contain '_', so a key is split from its fixed-length tail, never at the first '_'.
// - body: 32 random bytes as 43 base62 digits (62^43 > 2^256), left-padded with '0'.
// - checksum: CRC-32 (IEEE) of the ASCII bytes of `<prefix>_<body>`, as 6 base62 digits.
import type { AuthErrorCode } from '../errors.ts';
import { encodeBase62, encodeBase62Int, decodeBase62Int, isBase62 } from '../lib/base62.ts';
import { CRC32_TABLES, crc32Latin1 } from '../lib/crc32.ts';

/**
 * Random bytes in a key body.
 *
 * @example
 * ```ts
 * crypto.getRandomValues(new Uint8Array(BODY_BYTES)); // 256 bits
 * ```
 */
export const BODY_BYTES = 32;
/**
 * Base62 digits of a body.
 *
 * @example
 * ```ts
 * encodeBase62(body, BODY_LENGTH); // 43 digits
 * ```
 */
export const BODY_LENGTH = 43;
/**
 * Base62 digits of the checksum (62^6 > 2^32).
 *
 * @example
 * ```ts
 * const checksum = key.slice(key.length - CHECKSUM_LENGTH);
 * ```
 */
export const CHECKSUM_LENGTH = 6;
/**
 * Everything after the prefix: the separator, the body and the checksum.
 *
 * @example
 * ```ts
 * const prefix = key.slice(0, key.length - TAIL_LENGTH); // 'tf_live'
 * ```
 */
export const TAIL_LENGTH: number = 1 + BODY_LENGTH + CHECKSUM_LENGTH;
/**
 * Longest prefix.
 *
 * @example
 * ```ts
 * checkPrefix('x'.repeat(MAX_PREFIX_LENGTH + 1)); // throws RangeError
 * ```
 */
export const MAX_PREFIX_LENGTH = 32;
/**
 * Longer inputs are refused before any other work (a valid key has at most 82 characters).
 *
 * @example
 * ```ts
 * checkApiKey('x'.repeat(MAX_API_KEY_LENGTH + 1), undefined); // 'ERR_API_KEY_TOO_LONG'
 * ```
 */
export const MAX_API_KEY_LENGTH = 128;
/**
 * Body digits shown in `start`, the visible beginning (about 36 of 256 bits).
 *
 * @example
 * ```ts
 * startOf(key).length === 'tf_live_'.length + START_BODY_CHARS; // true
 * ```
 */
export const START_BODY_CHARS = 6;

const UNDERSCORE = 95;
// 0 for [A-Za-z0-9_], the only characters a key may contain, 1 for the rest of ASCII.
const NOT_KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) NOT_KEY_CHAR[c] = isBase62(String.fromCharCode(c)) ? 0 : 1;
NOT_KEY_CHAR[UNDERSCORE] = 0;

/** True when `key[0, end)` follows the prefix grammar (characters already checked). */
function isPrefixSyntax(key: string, end: number): boolean {
  if (end < 1 || end > MAX_PREFIX_LENGTH) return false;
  const first = key.charCodeAt(0) | 32;
  return first >= 97 && first <= 122 && key.charCodeAt(end - 1) !== UNDERSCORE;
}

/**
 * Validates a prefix option, once; returns it.
 *
 * @example
 * ```ts
 * const prefix = checkPrefix(options.prefix); // 'tf_live', or a TypeError/RangeError
 * ```
 */
export function checkPrefix(prefix: unknown, name = 'prefix'): string {
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new TypeError(`expected ${name} to be a string of letters, digits and '_'`);
  }
  if (!isPrefixSyntax(prefix, prefix.length)) {
    throw new RangeError(
      `expected ${name} of 1 to ${MAX_PREFIX_LENGTH} characters, starting with a letter ` +
        "and not ending with '_'",
    );
  }
  return prefix;
}

/**
 * Builds a key from a validated prefix and the body bytes.
 *
 * @example
 * ```ts
 * const key = formatApiKey('tf_live', crypto.getRandomValues(new Uint8Array(BODY_BYTES)));
 * ```
 */
export function formatApiKey(prefix: string, body: Uint8Array): string {
  const head = `${prefix}_${encodeBase62(body, BODY_LENGTH)}`;
  return head + encodeBase62Int(crc32Latin1(head), CHECKSUM_LENGTH);
}

/**
 * The visible beginning of a well-formed key: its prefix, '_' and a few body digits.
 *
 * @example
 * ```ts
 * startOf(key); // 'tf_live_3kTq9Z'
 * ```
 */
export function startOf(key: string): string {
  return key.slice(0, key.length - TAIL_LENGTH + 1 + START_BODY_CHARS);
}

/**
 * Checks a key's syntax without throwing, for the hot path. `prefixes` lists the accepted
 * prefixes; `undefined` accepts any prefix that follows the grammar. Returns the first failure
 * in the documented order, or `undefined` for a well-formed key.
 *
 * @example
 * ```ts
 * const code = checkApiKey(key, ['tf_live']);
 * if (code !== undefined) return fail(code); // e.g. 'ERR_API_KEY_CHECKSUM'
 * ```
 */
export function checkApiKey(
  key: unknown,
  prefixes: readonly string[] | undefined,
): AuthErrorCode | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'ERR_API_KEY_MISSING';
  const len = key.length;
  if (len > MAX_API_KEY_LENGTH) return 'ERR_API_KEY_TOO_LONG';

  // One pass for the character check and the CRC, four characters a step (slicing-by-4). The
  // checksum step needs the CRC only if the layout is right, but a second pass would cost more.
  // NOTE: `c >>> 7` flags anything beyond ASCII without a branch.
  const T = CRC32_TABLES;
  const crcEnd = len - CHECKSUM_LENGTH;
  let bad = 0;
  let crc = -1;
  let i = 0;
  for (; i + 4 <= crcEnd; i += 4) {
    const a = key.charCodeAt(i), b = key.charCodeAt(i + 1);
    const c = key.charCodeAt(i + 2), d = key.charCodeAt(i + 3);
    bad |= NOT_KEY_CHAR[a & 127]! | NOT_KEY_CHAR[b & 127]! | NOT_KEY_CHAR[c & 127]! |
      NOT_KEY_CHAR[d & 127]! | ((a | b | c | d) >>> 7);
    crc ^= a | (b << 8) | (c << 16) | (d << 24);
    crc = T[768 + (crc & 255)]! ^ T[512 + ((crc >>> 8) & 255)]! ^ T[256 + ((crc >>> 16) & 255)]! ^
      T[crc >>> 24]!;
  }
  for (; i < crcEnd; i++) {
    const a = key.charCodeAt(i);
    bad |= NOT_KEY_CHAR[a & 127]! | (a >>> 7);
    crc = T[(crc ^ a) & 255]! ^ (crc >>> 8);
  }
  for (; i < len; i++) {
    const a = key.charCodeAt(i);
    bad |= NOT_KEY_CHAR[a & 127]! | (a >>> 7);
  }
  if (bad !== 0) return 'ERR_API_KEY_CHARSET';

  // A well-formed key has a '_' where the fixed-length tail begins, and none after it.
  const sep = len - TAIL_LENGTH;
  const laid = sep > 0 && key.charCodeAt(sep) === UNDERSCORE && key.indexOf('_', sep + 1) === -1;
  if (!laid || !hasPrefix(key, sep, prefixes)) return diagnose(key, sep, prefixes);

  if (decodeBase62Int(key, crcEnd, len) !== (crc ^ -1) >>> 0) return 'ERR_API_KEY_CHECKSUM';
  return undefined;
}

function hasPrefix(key: string, sep: number, prefixes: readonly string[] | undefined): boolean {
  if (prefixes === undefined) return isPrefixSyntax(key, sep);
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i]!;
    if (p.length === sep && key.startsWith(p)) return true;
  }
  return false;
}

// Names the failure of a key whose separator or prefix is not where it should be.
function diagnose(
  key: string,
  sep: number,
  prefixes: readonly string[] | undefined,
): AuthErrorCode {
  if (prefixes === undefined) {
    if (sep < 1 || key.charCodeAt(sep) !== UNDERSCORE) return 'ERR_API_KEY_LENGTH';
    return key.lastIndexOf('_') !== sep ? 'ERR_API_KEY_CHARSET' : 'ERR_API_KEY_PREFIX';
  }
  let code: AuthErrorCode = 'ERR_API_KEY_PREFIX';
  for (const p of prefixes) {
    if (!key.startsWith(p) || key.charCodeAt(p.length) !== UNDERSCORE) continue;
    // A known prefix at the right length: the only fault left is a '_' inside the tail.
    if (p.length === sep) return 'ERR_API_KEY_CHARSET';
    code = 'ERR_API_KEY_LENGTH';
  }
  return code;
}
