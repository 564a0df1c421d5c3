// JWS segments to and from text (RFC 7515 §7.1: BASE64URL(UTF8(json))).
// NOTE: encoding, btoa is native in every runtime twofold targets and several times faster than
// a JavaScript loop building a string; ASCII text is its own binary string for it, anything else
// goes through UTF-8 bytes. Decoding, the verifier wants bytes (see simple-json.ts), which a
// loop over preallocated arrays gives faster than atob and its base64url-to-base64 rewrite;
// the token's characters are copied out once, for the header, the MAC and the payload.
import { encodeBase64url } from '../lib/base64url.ts';
import { utf8Decode, utf8Encode } from '../lib/utf8.ts';
import { encodingError, jwtError } from './errors.ts';

const NON_ASCII = /[^\x00-\x7f]/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BOM = 0xfeff;
/** The value of each base64url character, -1 for any other byte. */
const SEXTET = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;
const ascii = new TextEncoder();
const PLUS = /\+/g;
const SLASH = /\//g;

/**
 * Unpadded base64url of the UTF-8 bytes of `text`.
 *
 * @example
 * ```ts
 * encodeSegment('{"alg":"HS256","typ":"JWT"}'); // 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'
 * ```
 */
export function encodeSegment(text: string): string {
  if (NON_ASCII.test(text)) return encodeBase64url(utf8Encode(text));
  const pad = (3 - (text.length % 3)) % 3;
  const b64 = btoa(text);
  // NOTE: a global RegExp replace costs less than replaceAll with a string, which looks the
  // string up for Symbol.replace on every call.
  return (pad === 0 ? b64 : b64.slice(0, -pad)).replace(PLUS, '-').replace(SLASH, '_');
}

/**
 * A token's characters as bytes and a decoded segment, in scratch space sized once, when the
 * verifier is made: a verify call allocates no buffer. Not re-entrant, which a synchronous
 * verifier never needs.
 *
 * @example
 * ```ts
 * const segments = new SegmentDecoder(8192);
 * if (!segments.load(token)) throw segmentsError(token, dot1, dot2);
 * const n = segments.decode(token, dot1 + 1, dot2, 'payload');
 * segments.bytes.subarray(0, n); // the payload's UTF-8 bytes
 * ```
 */
export class SegmentDecoder {
  /** The characters of the last loaded token, one byte each. */
  readonly chars: Uint8Array;
  /** The bytes of the last decoded segment, followed by a zero byte. */
  readonly bytes: Uint8Array;

  constructor(maxTokenLength: number) {
    this.chars = new Uint8Array(maxTokenLength);
    this.bytes = new Uint8Array(Math.ceil((maxTokenLength * 3) / 4) + 1);
  }

  /**
   * Copies the characters of `token` (at most the maximum length) into {@link chars}. False
   * when one is not ASCII: then no segment can be base64url.
   */
  load(token: string): boolean {
    // NOTE: encodeInto copies the characters out natively; reading them with charCodeAt from
    // a sliced or concatenated string costs three times as much.
    const { read, written } = ascii.encodeInto(token, this.chars);
    return read === token.length && written === token.length;
  }

  /**
   * Decodes `token[start, end)` from {@link chars} (so {@link load} it first). It must be
   * canonical base64url (RFC 7515 §2: no padding, no whitespace, zero trailing bits). Writes
   * {@link bytes} and returns their count; throws ERR_JWT_BASE64 or ERR_JWT_WHITESPACE.
   */
  decode(token: string, start: number, end: number, part: string): number {
    const chars = this.chars;
    const out = this.bytes;
    const n = end - start;
    const rem = n & 3;
    let bad = rem === 1 ? -1 : 0;
    let o = 0;
    let i = start;
    for (const whole = end - rem; i < whole; i += 4) {
      const a = SEXTET[chars[i]!]!;
      const b = SEXTET[chars[i + 1]!]!;
      const c = SEXTET[chars[i + 2]!]!;
      const d = SEXTET[chars[i + 3]!]!;
      bad |= a | b | c | d;
      const v = (a << 18) | (b << 12) | (c << 6) | d;
      out[o] = v >>> 16;
      out[o + 1] = (v >>> 8) & 255;
      out[o + 2] = v & 255;
      o += 3;
    }
    if (rem === 2) {
      const a = SEXTET[chars[i]!]!;
      const b = SEXTET[chars[i + 1]!]!;
      bad |= a | b | (b & 15 ? -1 : 0);
      out[o++] = (a << 2) | (b >>> 4);
    } else if (rem === 3) {
      const a = SEXTET[chars[i]!]!;
      const b = SEXTET[chars[i + 1]!]!;
      const c = SEXTET[chars[i + 2]!]!;
      bad |= a | b | c | (c & 3 ? -1 : 0);
      out[o++] = (a << 2) | (b >>> 4);
      out[o++] = ((b & 15) << 4) | (c >>> 2);
    }
    if (bad < 0) throw encodingError(token, part);
    out[o] = 0; // the sentinel the simple JSON parser stops at
    return o;
  }
}

/**
 * The text of `bytes[0, n)` as UTF-8 without a byte-order mark; throws ERR_JWT_UTF8.
 *
 * @example
 * ```ts
 * const json = bytesToText(segments.bytes, segments.decode(token, 0, dot1, 'header'), 'header');
 * ```
 */
export function bytesToText(bytes: Uint8Array, n: number, part: string): string {
  const text = utf8Decode(bytes.slice(0, n));
  if (text === undefined || text.charCodeAt(0) === BOM) {
    throw jwtError('ERR_JWT_UTF8', `${part} is not UTF-8 without a byte-order mark`, part);
  }
  return text;
}
