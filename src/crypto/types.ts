/**
 * HMAC-SHA256 under one key, prepared once (the padded key blocks are computed at creation, not
 * per call).
 *
 * @example
 * ```ts
 * const hmac: HmacSha256 = defaultCrypto.hmacSha256(secret);
 * hmac.macHex('message'); // 64 hex digits
 * ```
 */
export interface HmacSha256 {
  /** MAC of bytes, 32 bytes. */
  mac(data: Uint8Array): Uint8Array;
  /**
   * MAC of a string whose characters are all below U+0100, each taken as one byte (a JWS signing
   * input is ASCII), as unpadded base64url.
   */
  macLatin1Base64url(text: string): string;
  /** MAC of a string's UTF-8 bytes, as lowercase hex. */
  macHex(text: string): string;
}

/**
 * The synchronous hash primitives twofold is built on. Two implementations ship: `node:crypto`
 * (Node, Bun, Deno, workerd with `nodejs_compat`) and a portable TypeScript one; package export
 * conditions choose between them.
 *
 * @example
 * ```ts
 * import { portableCrypto } from 'twofold/crypto/portable';
 * const verify = createJwtVerifier({ secret, crypto: portableCrypto });
 * ```
 */
export interface CryptoProvider {
  /** `'node'` or `'portable'`. */
  readonly name: string;
  /** SHA-256 of bytes, 32 bytes. */
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
  sha256Hex(text: string): string;
  /** Prepares HMAC-SHA256 under `key`. Keys longer than 64 bytes are hashed first (RFC 2104). */
  hmacSha256(key: Uint8Array): HmacSha256;
  /**
   * scrypt (RFC 7914), where the runtime offers it (`node:crypto`); absent in the portable
   * provider. Used only for password hashes.
   */
  scrypt?(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array>;
}

/**
 * scrypt cost parameters: `N = 2^ln`, block size `r`, parallelism `p`, output `keyLength`.
 *
 * @example
 * ```ts
 * const params: ScryptParams = { ln: 17, r: 8, p: 1, keyLength: 32 };
 * ```
 */
export interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}
