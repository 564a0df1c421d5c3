// Base62 with the alphabet 0-9, A-Z, a-z (ASCII order, so that fixed-width encodings sort like
// the numbers they encode). Used for API keys: letters and digits only, so a key survives
// double-click selection, URLs and shells without quoting. Widths are fixed, left-padded with
// '0', so a key's length never depends on its random bytes.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 62; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * True when every character of `text[start, end)` is a base62 digit.
 *
 * @example
 * ```ts
 * isBase62('3kTq9Z'); // true
 * isBase62('3k-q9Z'); // false
 * ```
 */
export function isBase62(text: string, start = 0, end: number = text.length): boolean {
  let bad = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    bad |= c < 128 ? DECODE[c]! : -1;
  }
  return bad >= 0;
}

/**
 * Encodes bytes, read as one big-endian unsigned integer, in exactly `width` digits. Throws a
 * RangeError when the number needs more digits. 32 bytes need 43 digits (62^43 > 2^256).
 *
 * @example
 * ```ts
 * encodeBase62(crypto.getRandomValues(new Uint8Array(16)), 22); // 22 digits
 * ```
 */
export function encodeBase62(bytes: Uint8Array, width: number): string {
  const num = Uint8Array.from(bytes);
  const digits = new Array<string>(width);
  // Schoolbook division of the base-256 number by 62, one output digit per pass.
  for (let w = width - 1; w >= 0; w--) {
    let rem = 0;
    for (let i = 0; i < num.length; i++) {
      const acc = rem * 256 + num[i]!;
      num[i] = (acc / 62) | 0;
      rem = acc % 62;
    }
    digits[w] = ALPHABET[rem]!;
  }
  for (let i = 0; i < num.length; i++) {
    if (num[i] !== 0) throw new RangeError(`expected a number that fits ${width} base62 digits`);
  }
  return digits.join('');
}

/**
 * Encodes a non-negative safe integer in exactly `width` digits (RangeError if it needs more).
 *
 * @example
 * ```ts
 * encodeBase62Int(61, 2); // '0z'
 * ```
 */
export function encodeBase62Int(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError('expected a non-negative safe integer');
  }
  let out = '';
  for (let w = 0; w < width; w++) {
    out = ALPHABET[value % 62]! + out;
    value = Math.floor(value / 62);
  }
  if (value !== 0) throw new RangeError(`expected a number that fits ${width} base62 digits`);
  return out;
}

/**
 * Decodes `text[start, end)` (at most 8 digits, so the result stays a safe integer) to a number;
 * -1 when a character is not base62.
 *
 * @example
 * ```ts
 * decodeBase62Int('0z'); // 61
 * ```
 */
export function decodeBase62Int(text: string, start = 0, end: number = text.length): number {
  let value = 0;
  let bad = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? DECODE[c]! : -1;
    bad |= d;
    value = value * 62 + d;
  }
  return bad < 0 ? -1 : value;
}
