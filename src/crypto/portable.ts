// The portable provider: SHA-256 and HMAC-SHA256 (RFC 2104) in TypeScript, with the inner and
// outer states after the padded key precomputed once per key.
import { encodeBase64url } from '../lib/base64url.ts';
import { toHex } from '../lib/bytes.ts';
import { utf8Encode } from '../lib/utf8.ts';
import { SHA256_IV, compressBlock, finishSha256, sha256 } from './sha256.ts';
import type { CryptoProvider, HmacSha256 } from './types.ts';

let scratch = new Uint8Array(1024);

function latin1Bytes(text: string): Uint8Array {
  if (scratch.length < text.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) scratch[i] = text.charCodeAt(i);
  return scratch.subarray(0, text.length);
}

function hmacSha256(key: Uint8Array): HmacSha256 {
  const k = key.length > 64 ? sha256(key) : key;
  const block = new Uint8Array(64);
  const inner = new Int32Array(SHA256_IV);
  const outer = new Int32Array(SHA256_IV);
  for (let i = 0; i < 64; i++) block[i] = (k[i] ?? 0) ^ 0x36;
  compressBlock(inner, block, 0);
  for (let i = 0; i < 64; i++) block[i] = (k[i] ?? 0) ^ 0x5c;
  compressBlock(outer, block, 0);
  block.fill(0);
  const digest = new Uint8Array(32);
  const mac = (data: Uint8Array): Uint8Array => {
    finishSha256(inner, 64, data, digest);
    return finishSha256(outer, 64, digest, new Uint8Array(32));
  };
  return {
    mac,
    macLatin1Base64url: (text) => encodeBase64url(mac(latin1Bytes(text))),
    macHex: (text) => toHex(mac(utf8Encode(text))),
  };
}

/**
 * SHA-256 and HMAC-SHA256 in portable TypeScript: browsers, workerd without `nodejs_compat`,
 * any runtime with no `node:crypto`.
 *
 * @example
 * ```ts
 * import { portableCrypto } from 'twofold/crypto/portable';
 * portableCrypto.sha256Hex('abc'); // 'ba7816bf...'
 * ```
 */
export const portableCrypto: CryptoProvider = {
  name: 'portable',
  sha256,
  sha256Hex: (text) => toHex(sha256(utf8Encode(text))),
  hmacSha256,
};

export { portableCrypto as defaultCrypto };
