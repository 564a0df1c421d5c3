// Secrets and key rings, checked once when a signer or verifier is created. Each secret becomes a
// prepared HMAC (padded key blocks computed once), so no call ever touches the raw bytes again.
import type { CryptoProvider, HmacSha256 } from '../crypto/types.ts';
import { isBytes } from '../lib/bytes.ts';
import type { JwtKey } from './types.ts';

/** RFC 7518 §3.2: an HS256 key must have at least as many bits as the hash output. */
const MIN_SECRET_BYTES = 32;
const MAX_KID_LENGTH = 256;

/**
 * The keys of a signer or verifier: one anonymous key, or a ring looked up by `kid`.
 *
 * @example
 * ```ts
 * const ring: KeyRing = buildKeyRing(undefined, [{ kid: '2026-12', secret }], defaultCrypto);
 * ring.byKid?.get('2026-12');
 * ```
 */
export interface KeyRing {
  readonly single: HmacSha256 | undefined;
  readonly byKid: ReadonlyMap<string, HmacSha256> | undefined;
}

/**
 * Checks the `secret` / `keys` pair of options and prepares every key.
 *
 * @example
 * ```ts
 * const ring = buildKeyRing(options.secret, options.keys, crypto);
 * ```
 */
export function buildKeyRing(
  secret: Uint8Array | undefined,
  keys: readonly JwtKey[] | undefined,
  crypto: CryptoProvider,
): KeyRing {
  if ((secret === undefined) === (keys === undefined)) {
    throw new TypeError('expected exactly one of the secret and keys options');
  }

  if (secret !== undefined) {
    return { single: crypto.hmacSha256(checkSecret(secret, 'secret')), byKid: undefined };
  }

  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TypeError('expected keys to be a non-empty array of { kid, secret }');
  }

  // A Map, never an object index: a kid such as `__proto__` or `constructor` is just a string.
  const byKid = new Map<string, HmacSha256>();
  keys.forEach((entry: JwtKey, i: number) => {
    if (entry === null || typeof entry !== 'object') {
      throw new TypeError(`expected keys[${i}] to be an object with kid and secret`);
    }
    const kid = checkKid(entry.kid, `keys[${i}].kid`);
    if (byKid.has(kid)) throw new TypeError(`expected keys[${i}].kid to be unique`);
    byKid.set(kid, crypto.hmacSha256(checkSecret(entry.secret, `keys[${i}].secret`)));
  });
  return { single: undefined, byKid };
}

/**
 * Checks a key id: a non-empty string of at most 256 UTF-16 code units.
 *
 * @example
 * ```ts
 * const kid = checkKid(options.activeKid, 'activeKid');
 * ```
 */
export function checkKid(kid: unknown, name: string): string {
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) {
    throw new TypeError(`expected ${name} to be a non-empty string of at most 256 characters`);
  }
  return kid;
}

/**
 * Checks an HMAC secret: raw bytes, at least 32 of them, and not a PEM or JWK document (a sign
 * that an asymmetric key or a key file was passed where raw HS256 key bytes belong).
 *
 * @example
 * ```ts
 * checkSecret(new Uint8Array(16), 'secret'); // throws RangeError: at least 32 bytes
 * ```
 */
export function checkSecret(secret: unknown, name: string): Uint8Array {
  if (!isBytes(secret)) throw new TypeError(`expected ${name} to be a Uint8Array`);

  if (secret.length < MIN_SECRET_BYTES) {
    throw new RangeError(
      `expected ${name} to have at least ${MIN_SECRET_BYTES} bytes (RFC 7518 §3.2), ` +
        `got ${secret.length}`,
    );
  }

  if (looksLikeKeyDocument(secret)) {
    throw new TypeError(`expected ${name} to be raw key bytes, not a PEM or JWK document`);
  }
  return secret;
}

function looksLikeKeyDocument(bytes: Uint8Array): boolean {
  let start = 0;
  let end = bytes.length;
  while (start < end && isAsciiSpace(bytes[start]!)) start++;
  while (end > start && isAsciiSpace(bytes[end - 1]!)) end--;
  const text = latin1(bytes, start, end);
  if (text.startsWith('-----BEGIN')) return true;
  return text.startsWith('{') && text.endsWith('}') && text.includes('"kty"');
}

function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}
