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
import { crc32Latin1 } from '../lib/crc32.ts';

/** Random bytes in a key body. */
export const BODY_BYTES = 32;
/** Base62 digits of a body. */
export const BODY_LENGTH = 43;
/** Base62 digits of the checksum (62^6 > 2^32). */
export const CHECKSUM_LENGTH = 6;
/** Everything after the prefix: the separator, the body and the checksum. */
export const TAIL_LENGTH: number = 1 + BODY_LENGTH + CHECKSUM_LENGTH;
/** Longest prefix. */
export const MAX_PREFIX_LENGTH = 32;
/** Longer inputs are refused before any other work (a valid key has at most 82 characters). */
export const MAX_API_KEY_LENGTH = 128;
/** Body digits shown in `start`, the visible beginning (about 36 of 256 bits). */
export const START_BODY_CHARS = 6;

const UNDERSCORE = 95;
// 1 for [A-Za-z0-9_], the only characters a key may contain.
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) KEY_CHAR[c] = isBase62(String.fromCharCode(c)) ? 1 : 0;
KEY_CHAR[UNDERSCORE] = 1;

/** True when `key[0, end)` follows the prefix grammar (characters already checked). */
function isPrefixSyntax(key: string, end: number): boolean {
  if (end < 1 || end > MAX_PREFIX_LENGTH) return false;
  const first = key.charCodeAt(0) | 32;
  return first >= 97 && first <= 122 && key.charCodeAt(end - 1) !== UNDERSCORE;
}

/** Validates a prefix option, once; returns it. */
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

/** Builds a key from a validated prefix and the body bytes. */
export function formatApiKey(prefix: string, body: Uint8Array): string {
  const head = `${prefix}_${encodeBase62(body, BODY_LENGTH)}`;
  return head + encodeBase62Int(crc32Latin1(head), CHECKSUM_LENGTH);
}

/** The visible beginning of a well-formed key: its prefix, '_' and a few body digits. */
export function startOf(key: string): string {
  return key.slice(0, key.length - TAIL_LENGTH + 1 + START_BODY_CHARS);
}

/**
 * Checks a key's syntax without throwing, for the hot path. `prefixes` lists the accepted
 * prefixes; `undefined` accepts any prefix that follows the grammar. Returns the first failure
 * in the documented order, or `undefined` for a well-formed key.
 */
export function checkApiKey(
  key: unknown,
  prefixes: readonly string[] | undefined,
): AuthErrorCode | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'ERR_API_KEY_MISSING';
  const len = key.length;
  if (len > MAX_API_KEY_LENGTH) return 'ERR_API_KEY_TOO_LONG';

  let bad = 0;
  let last = -1;
  for (let i = 0; i < len; i++) {
    const c = key.charCodeAt(i);
    bad |= c < 128 ? KEY_CHAR[c]! ^ 1 : 1;
    if (c === UNDERSCORE) last = i;
  }
  if (bad !== 0) return 'ERR_API_KEY_CHARSET';

  // A well-formed key has its last '_' exactly where the fixed-length tail begins.
  const sep = len - TAIL_LENGTH;
  if (last !== sep || !hasPrefix(key, sep, prefixes)) return diagnose(key, sep, last, prefixes);

  const sum = decodeBase62Int(key, len - CHECKSUM_LENGTH, len);
  if (sum !== crc32Latin1(key, 0, len - CHECKSUM_LENGTH)) return 'ERR_API_KEY_CHECKSUM';
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
  last: number,
  prefixes: readonly string[] | undefined,
): AuthErrorCode {
  if (prefixes === undefined) {
    if (sep < 1 || key.charCodeAt(sep) !== UNDERSCORE) return 'ERR_API_KEY_LENGTH';
    return last !== sep ? 'ERR_API_KEY_CHARSET' : 'ERR_API_KEY_PREFIX';
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
