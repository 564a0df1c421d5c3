// The JOSE header (RFC 7515 §4): checked in full the first time a header segment is seen, then
// remembered by its exact text, so the hot path compares the header's bytes with the last one
// instead of decoding and parsing JSON on every call.
import type { HmacSha256 } from '../crypto/types.ts';
import { jwtError } from './errors.ts';
import { parseJsonObject } from './json.ts';
import type { KeyRing } from './keys.ts';
import type { SegmentDecoder } from './segment.ts';

/** Header members that carry or point at a key: trusting them hands the key to the sender. */
const KEY_MEMBERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
/** Bounds the memory a stream of distinct (valid, signed) headers can take. */
const MAX_REMEMBERED = 64;

/**
 * Validates the header segment `token[0, dot1)` and returns the key it names.
 *
 * @example
 * ```ts
 * const key = resolveHeaderKey(token, token.indexOf('.'), ring, new SegmentDecoder(8192));
 * key.macLatin1Base64url(signingInput);
 * ```
 */
export function resolveHeaderKey(
  token: string,
  dot1: number,
  ring: KeyRing,
  segments: SegmentDecoder,
): HmacSha256 {
  const n = segments.decode(token, 0, dot1, 'header');
  const header = parseJsonObject(segments.bytes, n, 'header');

  // RFC 8725 §3.1: the algorithm is pinned, never taken from the token.
  if (header.alg !== 'HS256') throw jwtError('ERR_JWT_ALG', 'alg is not HS256', 'alg');

  // RFC 7515 §4.1.11: we understand no extension, so any `crit` must be refused.
  if (header.crit !== undefined) throw jwtError('ERR_JWT_CRIT', 'crit is not supported', 'crit');

  for (const name of KEY_MEMBERS) {
    if (header[name] !== undefined) {
      throw jwtError('ERR_JWT_HEADER_KEY', `header embeds a key reference (${name})`, name);
    }
  }

  // RFC 7519 §5.1: `JWT`, compared without case; RFC 7515 §4.1.9 allows the media type form.
  const typ = header.typ;
  if (typ !== undefined && !isJwtType(typ)) throw jwtError('ERR_JWT_TYP', 'typ is not JWT', 'typ');

  return keyFor(header.kid, ring);
}

function isJwtType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  return lower === 'jwt' || lower === 'application/jwt';
}

function keyFor(kid: unknown, ring: KeyRing): HmacSha256 {
  if (kid !== undefined && typeof kid !== 'string') {
    throw jwtError('ERR_JWT_KID', 'kid is not a string', 'kid');
  }

  if (ring.single !== undefined) {
    if (kid === undefined) return ring.single;
    throw jwtError('ERR_JWT_KID', 'kid given but the verifier has a single unnamed key', 'kid');
  }

  const key = kid === undefined ? undefined : ring.byKid!.get(kid);
  if (key === undefined) throw jwtError('ERR_JWT_KID', 'kid is missing or unknown', 'kid');
  return key;
}

interface Remembered {
  readonly header: string;
  readonly bytes: Uint8Array;
  readonly key: HmacSha256 | undefined;
}

/**
 * Header segments whose validation succeeded and whose token then carried a valid MAC, mapped
 * to their key. Filled only after the MAC matched, so nobody without a key can fill it.
 *
 * @example
 * ```ts
 * const headers = new HeaderCache();
 * const key = headers.lookup(token, segments.chars, dot1)
 *   ?? resolveHeaderKey(token, dot1, ring, segments);
 * // after the MAC matched:
 * headers.add(token, dot1, key);
 * ```
 */
export class HeaderCache {
  #last: Remembered = { header: '', bytes: new Uint8Array(0), key: undefined };
  readonly #known = new Map<string, Remembered>();

  /** The key for the header `token[0, dot1)` (also in `chars`) when it was seen before. */
  lookup(token: string, chars: Uint8Array, dot1: number): HmacSha256 | undefined {
    // NOTE: the common case is the same header as last time; comparing bytes avoids slicing
    // and hashing the header string for the Map.
    const last = this.#last;
    if (dot1 === last.bytes.length && sameBytes(chars, last.bytes)) return last.key;
    const known = this.#known.get(token.slice(0, dot1));
    if (known === undefined) return undefined;
    this.#last = known;
    return known.key;
  }

  /** Records a header whose token carried a valid MAC. */
  add(token: string, dot1: number, key: HmacSha256): void {
    // A slice would keep the whole token alive; concatenating and slicing flattens a copy.
    const header = (token.slice(0, dot1) + '.').slice(0, -1);
    const bytes = new Uint8Array(dot1);
    for (let i = 0; i < dot1; i++) bytes[i] = header.charCodeAt(i);
    if (this.#known.size >= MAX_REMEMBERED) this.#known.clear();
    this.#last = { header, bytes, key };
    this.#known.set(header, this.#last);
  }
}

/** True when `chars` starts with `prefix`. Not constant-time: a header is public. */
function sameBytes(chars: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (chars[i] !== prefix[i]) return false;
  return true;
}
