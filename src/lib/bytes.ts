// Byte and string helpers shared by the capabilities. Comparisons of secrets run in time that
// depends only on the lengths, never on where the inputs differ.

/**
 * Constant-time equality of two byte arrays (the length itself is not secret).
 *
 * @example
 * ```ts
 * timingSafeEqual(derived, parsed.hash); // the time does not depend on where they differ
 * ```
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Constant-time equality of two strings of UTF-16 code units (the length is not secret).
 *
 * @example
 * ```ts
 * timingSafeEqualString(record.hash, hash);
 * ```
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lowercase hex of bytes.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0, 255])); // '00ff'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]!;
  return out;
}

/**
 * Bytes of a lowercase or uppercase hex string; `undefined` when it is not hex.
 *
 * @example
 * ```ts
 * fromHex('00ff'); // Uint8Array [0, 255]
 * fromHex('0g'); // undefined
 * ```
 */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Concatenates byte arrays into a new one.
 *
 * @example
 * ```ts
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * True for a `Uint8Array` (a Node `Buffer` included).
 *
 * @example
 * ```ts
 * if (!isBytes(secret)) throw new TypeError('expected secret to be a Uint8Array');
 * ```
 */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
