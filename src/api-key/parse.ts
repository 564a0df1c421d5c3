// Parsing refuses a malformed key before any hashing or store lookup. The checks run in this
// order, each with its own code: missing, too long (before any other work), characters, prefix,
// length, checksum. See format.ts for the layout.
import { AuthError, quietAuthError } from '../errors.ts';
import type { AuthErrorCode } from '../errors.ts';
import { TAIL_LENGTH, checkApiKey, checkPrefix, startOf } from './format.ts';

/**
 * What a well-formed key shows without its secret part.
 *
 * @example
 * ```ts
 * const { prefix, start } = parseApiKey(key); // 'tf_live', 'tf_live_3kTq9Z'
 * ```
 */
export interface ParsedApiKey {
  /** The prefix, e.g. `tf_live`. */
  readonly prefix: string;
  /** The visible beginning (prefix, `_` and 6 body digits), safe to log and display. */
  readonly start: string;
}

/**
 * Checks keys against one set of accepted prefixes; see {@link createApiKeyParser}.
 *
 * @example
 * ```ts
 * const parser: ApiKeyParser = createApiKeyParser({ prefixes: ['tf_live'] });
 * ```
 */
export interface ApiKeyParser {
  /** Returns the parsed key, or throws an `AuthError` with an `ERR_API_KEY_*` code. */
  parse(key: unknown): ParsedApiKey;
}

/**
 * Options of {@link createApiKeyParser}.
 *
 * @example
 * ```ts
 * createApiKeyParser({ prefixes: ['tf_live', 'tf_test'] });
 * ```
 */
export interface ApiKeyParserOptions {
  /** Accepted prefixes. Default: any prefix that follows the grammar. */
  readonly prefixes?: readonly string[];
}

const MESSAGES: Readonly<Partial<Record<AuthErrorCode, string>>> = {
  ERR_API_KEY_MISSING: 'API key missing',
  ERR_API_KEY_TOO_LONG: 'API key too long',
  ERR_API_KEY_CHARSET: 'API key contains a character it cannot contain',
  ERR_API_KEY_PREFIX: 'API key prefix not accepted',
  ERR_API_KEY_LENGTH: 'API key has the wrong length',
  ERR_API_KEY_CHECKSUM: 'API key checksum does not match',
  ERR_API_KEY_UNKNOWN: 'API key unknown',
  ERR_API_KEY_REVOKED: 'API key revoked',
  ERR_API_KEY_EXPIRED: 'API key expired',
  ERR_API_KEY_DISABLED: 'API key disabled',
  ERR_APP_UNKNOWN: 'app of the API key unknown',
  ERR_APP_DISABLED: 'app disabled',
};

const FIELD = { field: 'apiKey' } as const;

// NOTE: refusals get no stack trace (quietAuthError): one costs about ten SHA-256s of the key,
// so a flood of bad keys would otherwise cost more to refuse than good keys cost to accept.

/**
 * The `AuthError` for a refused key (no stack trace). The message never contains the key.
 *
 * @example
 * ```ts
 * return { ok: false, error: apiKeyError('ERR_API_KEY_REVOKED') };
 * ```
 */
export function apiKeyError(code: AuthErrorCode): AuthError {
  return quietAuthError(code, MESSAGES[code] ?? 'API key refused', FIELD);
}

/**
 * Validates a `prefixes` option once; returns a frozen copy without duplicates.
 *
 * @example
 * ```ts
 * const prefixes = checkPrefixes(options.prefixes); // undefined: any prefix
 * ```
 */
export function checkPrefixes(prefixes: unknown): readonly string[] | undefined {
  if (prefixes === undefined) return undefined;
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    throw new TypeError('expected prefixes to be a non-empty array of strings');
  }
  return Object.freeze([...new Set(prefixes.map((p, i) => checkPrefix(p, `prefixes[${i}]`)))]);
}

/**
 * Creates a parser that accepts only the given prefixes. Nothing is looked up: a typo, a
 * truncated key or a key of another environment is refused here.
 *
 * @example
 * ```ts
 * const parser = createApiKeyParser({ prefixes: ['tf_live'] });
 * parser.parse(key).start; // 'tf_live_3kTq9Z'
 * ```
 */
export function createApiKeyParser(options: ApiKeyParserOptions = {}): ApiKeyParser {
  const prefixes = checkPrefixes(options.prefixes);
  return {
    parse(key) {
      const code = checkApiKey(key, prefixes);
      if (code !== undefined) throw apiKeyError(code);
      const k = key as string;
      return { prefix: k.slice(0, k.length - TAIL_LENGTH), start: startOf(k) };
    },
  };
}

const anyPrefix: ApiKeyParser = createApiKeyParser();

/**
 * Parses a key with any prefix that follows the grammar. To accept only your own prefixes,
 * hold a {@link createApiKeyParser} instance instead.
 *
 * @example
 * ```ts
 * try {
 *   parseApiKey(request.headers.get('x-api-key'));
 * } catch (err) {
 *   if (isAuthError(err, 'ERR_API_KEY_CHECKSUM')) return reply(400, 'mistyped key');
 * }
 * ```
 */
export function parseApiKey(key: unknown): ParsedApiKey {
  return anyPrefix.parse(key);
}
