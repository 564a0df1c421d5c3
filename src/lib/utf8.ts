// UTF-8 through the platform's TextEncoder and TextDecoder. Decoding is fatal: an invalid
// sequence is an error, not a replacement character, and a byte-order mark is kept (not
// silently stripped) so that callers can refuse it.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 bytes of a string.
 *
 * @example
 * ```ts
 * utf8Encode('é'); // Uint8Array [0xc3, 0xa9]
 * ```
 */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly; `undefined` for invalid input.
 *
 * @example
 * ```ts
 * utf8Decode(new Uint8Array([0xc3, 0xa9])); // 'é'
 * utf8Decode(new Uint8Array([0xc3])); // undefined
 * ```
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
