// Base64url (RFC 4648 §5) without padding, canonical only: the decoder refuses padding, the
// standard alphabet's `+` and `/`, whitespace, an impossible length and non-zero trailing bits,
// so every byte string has exactly one accepted encoding (RFC 7515 §2, §3.1).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODE: string[] = ALPHABET.split('');
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as unpadded base64url.
 *
 * @example
 * ```ts
 * encodeBase64url(new Uint8Array([251, 255])); // '-_8'
 * ```
 */
export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  const whole = n - (n % 3);
  let i = 0;
  for (; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ENCODE[v >>> 18]! + ENCODE[(v >>> 12) & 63]! + ENCODE[(v >>> 6) & 63]! + ENCODE[v & 63]!;
  }
  if (n - whole === 1) {
    const v = bytes[i]!;
    out += ENCODE[v >>> 2]! + ENCODE[(v << 4) & 63]!;
  } else if (n - whole === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out += ENCODE[v >>> 10]! + ENCODE[(v >>> 4) & 63]! + ENCODE[(v << 2) & 63]!;
  }
  return out;
}

/**
 * Encodes a string whose characters are all below U+0100 (one byte each) as base64url.
 *
 * @example
 * ```ts
 * encodeBase64urlLatin1('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function encodeBase64urlLatin1(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return encodeBase64url(bytes);
}

/**
 * Decodes canonical unpadded base64url from `text[start, end)`. Returns `undefined` for anything
 * non-canonical, so callers can report their own error code.
 *
 * @example
 * ```ts
 * decodeBase64url('-_8'); // Uint8Array [251, 255]
 * decodeBase64url('-_9'); // undefined: nonzero trailing bits
 * ```
 */
export function decodeBase64url(
  text: string,
  start = 0,
  end: number = text.length,
): Uint8Array | undefined {
  const len = end - start;
  const rem = len & 3;
  if (rem === 1) return undefined;
  const out = new Uint8Array((len >>> 2) * 3 + (rem === 0 ? 0 : rem - 1));
  const whole = end - rem;
  let o = 0;
  let bad = 0;
  let i = start;
  for (; i < whole; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    const d = sextet(text, i + 3);
    bad |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (rem === 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    bad |= a | b | (b & 15 ? -1 : 0);
    out[o] = (a << 2) | (b >>> 4);
  } else if (rem === 3) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    bad |= a | b | c | (c & 3 ? -1 : 0);
    out[o++] = (a << 2) | (b >>> 4);
    out[o] = ((b & 15) << 4) | (c >>> 2);
  }
  return bad < 0 ? undefined : out;
}

/**
 * True when `text[start, end)` is canonical unpadded base64url.
 *
 * @example
 * ```ts
 * isCanonicalBase64url('-_8'); // true
 * isCanonicalBase64url('-_8='); // false: padding
 * ```
 */
export function isCanonicalBase64url(text: string, start = 0, end: number = text.length): boolean {
  const len = end - start;
  const rem = len & 3;
  if (rem === 1) return false;
  let bad = 0;
  for (let i = start; i < end; i++) bad |= sextet(text, i);
  if (bad < 0) return false;
  if (rem === 2) return (sextet(text, end - 1) & 15) === 0;
  if (rem === 3) return (sextet(text, end - 1) & 3) === 0;
  return true;
}

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? DECODE[c]! : -1;
}
