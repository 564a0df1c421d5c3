// JWS segments to and from text (RFC 7515 §7.1: BASE64URL(UTF8(json))).
// NOTE: atob and btoa are native in every runtime twofold targets and several times faster than
// a JavaScript loop (which also has to allocate a byte array, a slow call for more than 64
// bytes). They speak standard base64 over binary strings (one character per byte): ASCII text
// is its own binary string, anything else goes through UTF-8 bytes.
import { encodeBase64url } from '../lib/base64url.ts';
import { utf8Decode, utf8Encode } from '../lib/utf8.ts';
import { encodingError, jwtError } from './errors.ts';

const NON_ASCII = /[^\x00-\x7f]/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BOM = 0xfeff;

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
  return (pad === 0 ? b64 : b64.slice(0, -pad)).replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * The bytes of `token[start, end)`, canonical base64url (RFC 7515 §2), as a binary string (one
 * character per byte). Throws ERR_JWT_BASE64 or ERR_JWT_WHITESPACE.
 *
 * @example
 * ```ts
 * const binary = decodeSegment(token, dot1 + 1, dot2, 'payload');
 * ```
 */
export function decodeSegment(token: string, start: number, end: number, part: string): string {
  const segment = token.slice(start, end);
  const n = segment.length;
  const rem = n & 3;
  // atob is lenient where base64url must be strict: it takes `+` and `/` (refused here), skips
  // whitespace and `=` (then the decoded length comes out short) and ignores the trailing bits
  // of the last character (they must be zero).
  if (rem !== 1 && segment.indexOf('+') === -1 && segment.indexOf('/') === -1) {
    const last = ALPHABET.indexOf(segment.charAt(n - 1));
    if (last >= 0 && (last & (rem === 2 ? 15 : rem === 3 ? 3 : 0)) === 0) {
      const binary = atobOrUndefined(segment.replaceAll('-', '+').replaceAll('_', '/'));
      if (binary !== undefined && binary.length === (n >>> 2) * 3 + (rem === 0 ? 0 : rem - 1)) {
        return binary;
      }
    }
  }
  throw encodingError(token, part);
}

/**
 * The text a binary string holds as UTF-8 without a byte-order mark; throws ERR_JWT_UTF8.
 *
 * @example
 * ```ts
 * const json = binaryToText(decodeSegment(token, 0, dot1, 'header'), 'header');
 * ```
 */
export function binaryToText(binary: string, part: string): string {
  if (!NON_ASCII.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);

  const text = utf8Decode(bytes);
  if (text === undefined || text.charCodeAt(0) === BOM) {
    throw jwtError('ERR_JWT_UTF8', `${part} is not UTF-8 without a byte-order mark`, part);
  }
  return text;
}

function atobOrUndefined(base64: string): string | undefined {
  try {
    return atob(base64);
  } catch {
    return undefined;
  }
}
