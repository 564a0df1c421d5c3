// SHA-256 (FIPS 180-4) in portable TypeScript, for runtimes without `node:crypto`. The state is
// exposed between blocks so that HMAC can start from precomputed inner and outer states.

// prettier-ignore
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * The initial hash value H(0), FIPS 180-4 §5.3.3.
 *
 * @example
 * ```ts
 * const state = new Int32Array(SHA256_IV);
 * compressBlock(state, block, 0);
 * ```
 */
// prettier-ignore
export const SHA256_IV: Int32Array = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const W = new Int32Array(64);
const PAD = new Uint8Array(128);

/**
 * Runs the compression function over the 64-byte block at `data[offset]`, updating `state`.
 *
 * @example
 * ```ts
 * const state = new Int32Array(SHA256_IV);
 * compressBlock(state, ipadBlock, 0); // an HMAC key's inner state, computed once
 * ```
 */
export function compressBlock(state: Int32Array, data: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4) {
    W[i] = (data[offset]! << 24) | (data[offset + 1]! << 16) | (data[offset + 2]! << 8) |
      data[offset + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (s1 + W[i - 7]! + s0 + W[i - 16]!) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0;
}

/**
 * Finishes a hash: starting from `start` (a state after `prefixLength` bytes, a multiple of 64),
 * absorbs `data` and the padding, and writes the 32-byte digest into `out`.
 *
 * @example
 * ```ts
 * const mac = finishSha256(innerState, 64, message, new Uint8Array(32));
 * ```
 */
export function finishSha256(
  start: Int32Array,
  prefixLength: number,
  data: Uint8Array,
  out: Uint8Array,
): Uint8Array {
  const state = new Int32Array(start);
  const n = data.length;
  const whole = n - (n & 63);
  for (let i = 0; i < whole; i += 64) compressBlock(state, data, i);
  const rest = n - whole;
  PAD.fill(0);
  PAD.set(data.subarray(whole), 0);
  PAD[rest] = 0x80;
  const blocks = rest < 56 ? 1 : 2;
  const end = blocks * 64;
  // Message length in bits as a 64-bit big-endian integer; lengths stay below 2^53 bits.
  const bits = (prefixLength + n) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  PAD[end - 8] = hi >>> 24; PAD[end - 7] = hi >>> 16; PAD[end - 6] = hi >>> 8; PAD[end - 5] = hi;
  PAD[end - 4] = lo >>> 24; PAD[end - 3] = lo >>> 16; PAD[end - 2] = lo >>> 8; PAD[end - 1] = lo;
  compressBlock(state, PAD, 0);
  if (blocks === 2) compressBlock(state, PAD, 64);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[4 * i] = v >>> 24; out[4 * i + 1] = v >>> 16; out[4 * i + 2] = v >>> 8; out[4 * i + 3] = v;
  }
  return out;
}

/**
 * SHA-256 of bytes.
 *
 * @example
 * ```ts
 * toHex(sha256(utf8Encode('abc'))); // 'ba7816bf...'
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array {
  return finishSha256(SHA256_IV, 0, data, new Uint8Array(32));
}
