// CRC-32 as in IEEE 802.3, zlib and PNG (reflected polynomial 0xEDB88320, initial value and
// final XOR 0xFFFFFFFF). API keys carry one so that a typo or a truncated key is refused without
// a store lookup: a CRC detects every error burst of up to 32 bits, so every change to a single
// character of a key, and every swap of two neighbours, is caught.

const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/**
 * Four tables for slicing-by-4 (four bytes per step, one table lookup chain instead of four),
 * back to back: table k at offset 256 * k, table 0 being the byte-at-a-time one. For callers
 * that fuse the CRC into a loop of their own.
 *
 * @example
 * ```ts
 * crc = CRC32_TABLES[(crc ^ byte) & 255]! ^ (crc >>> 8); // table 0: a byte at a time
 * ```
 */
export const CRC32_TABLES: Int32Array = new Int32Array(1024);
CRC32_TABLES.set(TABLE);
for (let n = 0; n < 256; n++) {
  for (let k = 1; k < 4; k++) {
    const prev = CRC32_TABLES[256 * (k - 1) + n]!;
    CRC32_TABLES[256 * k + n] = (prev >>> 8) ^ TABLE[prev & 255]!;
  }
}

/**
 * CRC-32 of bytes, as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * crc32(utf8Encode('123456789')); // 0xcbf43926
 * ```
 */
export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * CRC-32 of `text[start, end)` with each character taken as one byte (callers pass ASCII, where
 * that is the UTF-8 encoding too). Avoids encoding the string first.
 *
 * @example
 * ```ts
 * crc32Latin1('123456789'); // 0xcbf43926
 * ```
 */
export function crc32Latin1(text: string, start = 0, end: number = text.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ text.charCodeAt(i)) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
