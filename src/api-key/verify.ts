// Verification, in the order of the request path (DESIGN.md): syntax (no lookup for a malformed
// key), hash, key record, key state by the injected clock, then the app. It never throws or
// rejects: every outcome, store failures included, is a result. With stores that answer
// synchronously (the memory ones) the result is synchronous too, saving two microtask hops on
// the hot path; callers simply `await` it either way.
import { checkClock } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { AuthError } from '../errors.ts';
import type { AuthErrorCode } from '../errors.ts';
import { timingSafeEqualString } from '../lib/bytes.ts';
import type { AppRecord, AppStore, KeyRecord, KeyStore, MaybePromise } from '../store/types.ts';
import { BoundedMap, checkCacheSize } from '../lib/bounded-map.ts';
import { checkApiKey } from './format.ts';
import { createApiKeyHasher } from './hash.ts';
import type { ApiKeyHasher } from './hash.ts';
import { apiKeyError, checkPrefixes } from './parse.ts';

/**
 * Options of {@link createApiKeyVerifier}.
 *
 * @example
 * ```ts
 * createApiKeyVerifier({ stores, prefixes: ['tf_live'], hasher, clock });
 * ```
 */
export interface ApiKeyVerifierOptions {
  /** Where keys and apps live. */
  readonly stores: { readonly apps: AppStore; readonly keys: KeyStore };
  /** Accepted prefixes, e.g. `['tf_live']`. Default: any prefix that follows the grammar. */
  readonly prefixes?: readonly string[];
  /** The hasher the keys were stored with (e.g. a peppered one). Default: SHA-256. */
  readonly hasher?: ApiKeyHasher;
  /** Time source for expiry and revocation. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * Keys whose digest to remember, at most (default 0, none). Only keys that matched a stored
   * record are kept, so a key seen again skips the syntax check and the hash; its record and
   * app are still read from the stores every time, so revocation takes effect at once.
   */
  readonly cacheSize?: number;
}

/**
 * The outcome of a verification: the app and key record, or why the key was refused.
 *
 * @example
 * ```ts
 * const result = await apiKeys.verify(key);
 * if (result.ok) use(result.app, result.key);
 * else deny(result.error.code);
 * ```
 */
export type ApiKeyResult =
  | { readonly ok: true; readonly app: AppRecord; readonly key: KeyRecord }
  | { readonly ok: false; readonly error: AuthError };

/**
 * Verifies API keys against one set of stores; see {@link createApiKeyVerifier}.
 *
 * @example
 * ```ts
 * const apiKeys: ApiKeyVerifier = createApiKeyVerifier({ stores });
 * ```
 */
export interface ApiKeyVerifier {
  /** Synchronous when the stores answered synchronously; never throws or rejects. */
  verify(key: unknown): MaybePromise<ApiKeyResult>;
}

function fail(code: AuthErrorCode): ApiKeyResult {
  return { ok: false, error: apiKeyError(code) };
}

function storeFailure(store: string): (cause: unknown) => ApiKeyResult {
  return (cause) => {
    const error = new AuthError('ERR_STORE_UNAVAILABLE', `${store} store failed`, { cause });
    return { ok: false, error };
  };
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * Creates a verifier: parse, hash, look up, check the key's state and its app. Outcomes:
 * the `ERR_API_KEY_*` syntax codes, `ERR_API_KEY_UNKNOWN`, `_REVOKED`, `_EXPIRED`, `_DISABLED`,
 * `ERR_APP_UNKNOWN`, `ERR_APP_DISABLED`, and `ERR_STORE_UNAVAILABLE` (with the store's error as
 * `cause`) when a store throws or rejects.
 *
 * @example
 * ```ts
 * const apiKeys = createApiKeyVerifier({ stores, prefixes: ['tf_live'] });
 * const result = await apiKeys.verify(request.headers.get('x-api-key'));
 * if (!result.ok) return deny(result.error.code);
 * ```
 */
export function createApiKeyVerifier(options: ApiKeyVerifierOptions): ApiKeyVerifier {
  const keys = options?.stores?.keys;
  const apps = options?.stores?.apps;
  if (typeof keys?.findByHash !== 'function' || typeof apps?.get !== 'function') {
    throw new TypeError('expected stores with keys.findByHash and apps.get');
  }

  const prefixes = checkPrefixes(options.prefixes);
  const hasher = options.hasher ?? createApiKeyHasher();
  if (typeof hasher?.hash !== 'function') throw new TypeError('expected hasher.hash');

  const clock = checkClock(options.clock);
  const digests = new BoundedMap<string, string>(
    checkCacheSize(options.cacheSize, 'cacheSize', 0),
  );
  const keyStoreFailed = storeFailure('key');
  const appStoreFailed = storeFailure('app');

  const checkApp = (app: AppRecord | undefined, key: KeyRecord): ApiKeyResult => {
    if (app == null) return fail('ERR_APP_UNKNOWN');
    if (app.status !== 'active') return fail('ERR_APP_DISABLED');
    return { ok: true, app, key };
  };

  // `text` is the key when its digest is not remembered yet, else undefined.
  const checkKey = (
    key: KeyRecord | undefined,
    hash: string,
    text: string | undefined,
  ): MaybePromise<ApiKeyResult> => {
    // The store matched on the hash; compare again in constant time over the fixed-length
    // digest, so an adapter with a loose or early-exit match cannot admit a near miss.
    if (key == null || typeof key.hash !== 'string' || !timingSafeEqualString(key.hash, hash)) {
      return fail('ERR_API_KEY_UNKNOWN');
    }
    // A copy of the key's own characters: a slice of a larger string would keep it alive.
    if (text !== undefined) digests.set((' ' + text).slice(1), hash);

    // The clock is read only for keys that can end (a clock read costs a tenth of a verify).
    // `!(now < t)` rather than `now >= t`: a time the store mangled (NaN) fails closed.
    if (key.revokedAt != null || key.expiresAt != null) {
      const now = clock.now();
      if (key.revokedAt != null && !(now < key.revokedAt)) return fail('ERR_API_KEY_REVOKED');
      if (key.expiresAt != null && !(now < key.expiresAt)) return fail('ERR_API_KEY_EXPIRED');
    }
    if (key.status !== 'active') return fail('ERR_API_KEY_DISABLED');

    let app: MaybePromise<AppRecord | undefined>;
    try {
      app = apps.get(key.appId);
    } catch (cause) {
      return appStoreFailed(cause);
    }
    return isThenable(app) ? app.then((a) => checkApp(a, key), appStoreFailed) : checkApp(app, key);
  };

  return {
    verify(key) {
      // A remembered key passed the syntax check when it was first seen.
      const known = typeof key === 'string' ? digests.get(key) : undefined;
      let digest: string;
      let text: string | undefined;
      if (known === undefined) {
        const code = checkApiKey(key, prefixes);
        if (code !== undefined) return { ok: false, error: apiKeyError(code) };
        text = key as string;
        digest = hasher.hash(text);
      } else {
        digest = known;
      }
      let found: MaybePromise<KeyRecord | undefined>;
      try {
        found = keys.findByHash(digest);
      } catch (cause) {
        return keyStoreFailed(cause);
      }
      if (!isThenable(found)) return checkKey(found, digest, text);
      return found.then((r) => checkKey(r, digest, text), keyStoreFailed);
    },
  };
}
