// Option checks shared by the signer and the verifier. They run once, at creation: caller
// mistakes throw TypeError or RangeError there instead of surfacing as refused tokens later.
import { defaultCrypto } from '../crypto/index.ts';
import type { CryptoProvider } from '../crypto/types.ts';

/**
 * Throws on an options object that is not an object or names an option we do not know.
 *
 * @example
 * ```ts
 * checkOptionNames(options, new Set(['secret', 'keys']), 'createJwtVerifier');
 * ```
 */
export function checkOptionNames(
  options: unknown,
  known: ReadonlySet<string>,
  factory: string,
): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`expected the options of ${factory} to be an object`);
  }

  for (const name of Object.keys(options)) {
    if (!known.has(name)) throw new TypeError(`unknown option of ${factory}: ${name}`);
  }
}

/**
 * Checks an `issuer` option: absent, or a non-empty string.
 *
 * @example
 * ```ts
 * const issuer = checkIssuer(options.issuer); // undefined, or a non-empty string
 * ```
 */
export function checkIssuer(issuer: unknown): string | undefined {
  if (issuer === undefined) return undefined;
  if (typeof issuer !== 'string' || issuer.length === 0) {
    throw new TypeError('expected issuer to be a non-empty string');
  }
  return issuer;
}

/**
 * Checks an `audience` option: absent, a non-empty string, or a non-empty list of them.
 *
 * @example
 * ```ts
 * checkAudience(['api', 'admin']); // ['api', 'admin'] (a copy)
 * ```
 */
export function checkAudience(audience: unknown): string | string[] | undefined {
  if (audience === undefined) return undefined;
  if (typeof audience === 'string' && audience.length > 0) return audience;

  const isList =
    Array.isArray(audience) &&
    audience.length > 0 &&
    audience.every((a: unknown) => typeof a === 'string' && a.length > 0);
  if (!isList) {
    throw new TypeError('expected audience to be a non-empty string or a list of them');
  }
  return [...(audience as string[])];
}

/**
 * Checks a duration in seconds: absent, or a finite number within `[min, max]`.
 *
 * @example
 * ```ts
 * const tolerance = checkSeconds(options.clockToleranceSeconds, 'clockToleranceSeconds', 0, 300);
 * ```
 */
export function checkSeconds(
  value: unknown,
  name: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`expected ${name} to be a finite number of seconds`);
  }

  if (value < min || value > max) {
    throw new RangeError(`expected ${name} to be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * Checks a `crypto` option, returning the runtime's default provider when it is absent.
 *
 * @example
 * ```ts
 * const crypto = checkCrypto(options.crypto); // defaultCrypto when absent
 * ```
 */
export function checkCrypto(crypto: unknown): CryptoProvider {
  if (crypto === undefined) return defaultCrypto;
  if (
    crypto === null ||
    typeof crypto !== 'object' ||
    typeof (crypto as CryptoProvider).hmacSha256 !== 'function'
  ) {
    throw new TypeError('expected crypto to be a CryptoProvider');
  }
  return crypto as CryptoProvider;
}
