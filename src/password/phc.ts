// PHC string format (github.com/P-H-C/phc-string-format): `$id$params$salt$hash`, with salt and
// hash in standard base64 without padding. Parsing is strict: one spelling per value.
import { decodeBase64url, encodeBase64url } from '../lib/base64url.ts';

/**
 * A parsed PHC string.
 *
 * @example
 * ```ts
 * const phc: PhcHash | undefined = parsePhc(user.passwordHash);
 * phc?.params.get('i'); // 600000
 * ```
 */
export interface PhcHash {
  readonly id: string;
  readonly params: ReadonlyMap<string, number>;
  readonly salt: Uint8Array;
  readonly hash: Uint8Array;
}

/**
 * Standard base64 (`+`, `/`), unpadded.
 *
 * @example
 * ```ts
 * encodeB64(new Uint8Array([251, 255])); // '+/8'
 * ```
 */
export function encodeB64(bytes: Uint8Array): string {
  return encodeBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/');
}

function decodeB64(text: string): Uint8Array | undefined {
  if (/[-_]/.test(text)) return undefined;
  return decodeBase64url(text.replace(/\+/g, '-').replace(/\//g, '_'));
}

/**
 * Formats `$id$k=v,...$salt$hash`.
 *
 * @example
 * ```ts
 * formatPhc('pbkdf2-sha256', [['i', 600_000]], salt, hash); // '$pbkdf2-sha256$i=600000$...$...'
 * ```
 */
export function formatPhc(
  id: string,
  params: ReadonlyArray<readonly [string, number]>,
  salt: Uint8Array,
  hash: Uint8Array,
): string {
  const p = params.map(([k, v]) => `${k}=${v}`).join(',');
  return `$${id}$${p}$${encodeB64(salt)}$${encodeB64(hash)}`;
}

/**
 * Parses a PHC string with integer parameters; `undefined` when malformed.
 *
 * @example
 * ```ts
 * parsePhc('$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA')?.id; // 'pbkdf2-sha256'
 * ```
 */
export function parsePhc(text: string): PhcHash | undefined {
  if (typeof text !== 'string' || text.length > 512) return undefined;
  const parts = text.split('$');
  if (parts.length !== 5 || parts[0] !== '') return undefined;
  const [, id, rawParams, rawSalt, rawHash] = parts as [string, string, string, string, string];
  if (!/^[a-z0-9-]{1,32}$/.test(id)) return undefined;

  const params = new Map<string, number>();
  for (const pair of rawParams.split(',')) {
    const m = /^([a-z0-9-]{1,32})=(0|[1-9][0-9]{0,9})$/.exec(pair);
    if (!m || params.has(m[1]!)) return undefined;
    params.set(m[1]!, Number(m[2]));
  }

  const salt = decodeB64(rawSalt);
  const hash = decodeB64(rawHash);
  if (!salt || !hash || salt.length === 0 || hash.length === 0) return undefined;
  return { id, params, salt, hash };
}
