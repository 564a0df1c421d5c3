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

/** CRC-32 of bytes, as an unsigned 32-bit integer. */
export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * CRC-32 of `text[start, end)` with each character taken as one byte (callers pass ASCII, where
 * that is the UTF-8 encoding too). Avoids encoding the string first.
 */
export function crc32Latin1(text: string, start = 0, end: number = text.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ text.charCodeAt(i)) & 255]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
