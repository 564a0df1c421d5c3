// Key generation: 32 bytes from the platform CSPRNG (Web Crypto `getRandomValues`, present in
// Node, Deno, Bun, workerd and browsers), formatted as in format.ts.
import { encodeBase62 } from '../lib/base62.ts';
import { BODY_BYTES, checkPrefix, formatApiKey, startOf } from './format.ts';
import { createApiKeyHasher } from './hash.ts';
import type { ApiKeyHasher } from './hash.ts';

/**
 * Options of {@link generateApiKey}.
 *
 * @example
 * ```ts
 * generateApiKey({ prefix: 'tf_test', hasher: createApiKeyHasher({ pepper }) });
 * ```
 */
export interface GenerateApiKeyOptions {
  /** Label in front of the key, e.g. `tf_live`: 1-32 of [A-Za-z0-9_], starting with a letter. */
  readonly prefix: string;
  /** Hasher for `hash`, e.g. a peppered one. Default: plain SHA-256. */
  readonly hasher?: ApiKeyHasher;
}

/**
 * A new key. Show `key` once and never store it; store `id`, `start` and `hash`.
 *
 * @example
 * ```ts
 * const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
 * ```
 */
export interface GeneratedApiKey {
  /** The secret, e.g. `tf_live_<43 base62 digits><6 base62 checksum digits>`. */
  readonly key: string;
  /** A random, non-secret identifier (22 base62 digits) for admin operations and logs. */
  readonly id: string;
  /** The visible beginning for dashboards, e.g. `tf_live_3kTq9Z`. */
  readonly start: string;
  /** What the store keeps and looks the key up by (64 hex digits). */
  readonly hash: string;
}

const ID_BYTES = 16;
const ID_LENGTH = 22;
const plain = createApiKeyHasher();

/**
 * Generates a key with 256 bits from the platform CSPRNG.
 *
 * @example
 * ```ts
 * const { key, id, start, hash } = generateApiKey({ prefix: 'tf_live' });
 * ```
 */
export function generateApiKey(options: GenerateApiKeyOptions): GeneratedApiKey {
  const prefix = checkPrefix(options?.prefix);
  const hasher = options.hasher ?? plain;
  if (typeof hasher?.hash !== 'function') throw new TypeError('expected hasher.hash');

  const body = crypto.getRandomValues(new Uint8Array(BODY_BYTES));
  const key = formatApiKey(prefix, body);
  body.fill(0);
  const id = encodeBase62(crypto.getRandomValues(new Uint8Array(ID_BYTES)), ID_LENGTH);
  return { key, id, start: startOf(key), hash: hasher.hash(key) };
}
