// Admin operations over the store ports: create apps and keys, revoke, roll with a grace period,
// list, disable. Not on the request path; store errors propagate as they are.
import { checkClock } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { AuthError } from '../errors.ts';
import { encodeBase62 } from '../lib/base62.ts';
import type {
  AppRateLimit,
  AppRecord,
  AppStore,
  KeyRecord,
  KeyStore,
  RecordStatus,
} from '../store/types.ts';
import { checkPrefix } from './format.ts';
import { generateApiKey } from './generate.ts';
import { createApiKeyHasher } from './hash.ts';
import type { ApiKeyHasher } from './hash.ts';

/**
 * Options of {@link createApiKeyAdmin}.
 *
 * @example
 * ```ts
 * const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', hasher, clock });
 * ```
 */
export interface ApiKeyAdminOptions {
  readonly stores: { readonly apps: AppStore; readonly keys: KeyStore };
  /** Prefix of new keys, e.g. `tf_live`. */
  readonly prefix: string;
  /** The hasher the verifier uses (e.g. a peppered one). Default: SHA-256. */
  readonly hasher?: ApiKeyHasher;
  /** Time source for `createdAt`, revocations and grace periods. Default: the system clock. */
  readonly clock?: Clock;
}

/**
 * A key just created: show `key` once; `record` is what the store now holds.
 *
 * @example
 * ```ts
 * const { key, record } = await admin.createKey(app.id);
 * showOnce(key);
 * ```
 */
export interface IssuedApiKey {
  readonly key: string;
  readonly record: KeyRecord;
}

/**
 * A new app's fields; the id is generated when absent.
 *
 * @example
 * ```ts
 * await admin.createApp({ name: 'Mobile', rateLimit: { limit: 5_000 } });
 * ```
 */
export interface NewApp {
  readonly id?: string;
  readonly name: string;
  readonly rateLimit?: AppRateLimit;
}

/**
 * Admin operations; see {@link createApiKeyAdmin}.
 *
 * @example
 * ```ts
 * await admin.setAppStatus(app.id, 'disabled');
 * ```
 */
export interface ApiKeyAdmin {
  /** Adds an active app. */
  createApp(app: NewApp): Promise<AppRecord>;
  /** Issues a key for an existing app; `ERR_APP_UNKNOWN` otherwise. */
  createKey(appId: string, options?: { readonly expiresAt?: number }): Promise<IssuedApiKey>;
  /** Revokes a key now (idempotent; an earlier revocation stays). */
  revokeKey(id: string): Promise<KeyRecord>;
  /**
   * Issues a new key for the same app, working at once, and revokes the old key when `graceMs`
   * has passed. Refuses a key already revoked or expired.
   */
  rollKey(
    id: string,
    options: { readonly graceMs: number; readonly expiresAt?: number },
  ): Promise<IssuedApiKey>;
  /** An app's keys, oldest first. */
  listKeys(appId: string): Promise<readonly KeyRecord[]>;
  setKeyStatus(id: string, status: RecordStatus): Promise<KeyRecord>;
  setAppStatus(appId: string, status: RecordStatus): Promise<AppRecord>;
}

const unknownKey = (): AuthError => new AuthError('ERR_API_KEY_UNKNOWN', 'API key id unknown');
const unknownApp = (): AuthError => new AuthError('ERR_APP_UNKNOWN', 'app id unknown');

function checkTime(value: number | undefined, name: string): void {
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new RangeError(`expected ${name} to be an integer number of milliseconds`);
  }
}

function checkStatus(status: unknown): RecordStatus {
  if (status !== 'active' && status !== 'disabled') {
    throw new TypeError("expected status to be 'active' or 'disabled'");
  }
  return status;
}

/**
 * Creates the admin operations for keys and apps.
 *
 * @example
 * ```ts
 * const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
 * const app = await admin.createApp({ name: 'Mobile' });
 * const { key } = await admin.createKey(app.id); // show once
 * await admin.rollKey(id, { graceMs: 24 * 3600_000 });
 * ```
 */
export function createApiKeyAdmin(options: ApiKeyAdminOptions): ApiKeyAdmin {
  const { apps, keys } = options?.stores ?? {};
  if (typeof apps?.insert !== 'function' || typeof keys?.insert !== 'function') {
    throw new TypeError('expected stores with apps and keys');
  }
  const prefix = checkPrefix(options.prefix);
  const hasher = options.hasher ?? createApiKeyHasher();
  const clock = checkClock(options.clock);

  const issue = async (appId: string, expiresAt: number | undefined): Promise<IssuedApiKey> => {
    checkTime(expiresAt, 'expiresAt');
    const { key, id, start, hash } = generateApiKey({ prefix, hasher });
    const base = { id, appId, start, hash, createdAt: clock.now(), status: 'active' as const };
    const record: KeyRecord = expiresAt === undefined ? base : { ...base, expiresAt };
    await keys.insert(record);
    return { key, record };
  };

  const updateKey = async (id: string, changes: Parameters<KeyStore['update']>[1]) => {
    const record = await keys.update(id, changes);
    if (record == null) throw unknownKey();
    return record;
  };

  return {
    async createApp({ id, name, rateLimit }) {
      if (typeof name !== 'string') throw new TypeError('expected name to be a string');
      if (id !== undefined && (typeof id !== 'string' || id === '')) {
        throw new TypeError('expected id to be a non-empty string');
      }
      const appId = id ?? encodeBase62(crypto.getRandomValues(new Uint8Array(16)), 22);
      const base: AppRecord = { id: appId, name, status: 'active' };
      const app = rateLimit === undefined ? base : { ...base, rateLimit };
      await apps.insert(app);
      return app;
    },

    async createKey(appId, { expiresAt } = {}) {
      if ((await apps.get(appId)) == null) throw unknownApp();
      return issue(appId, expiresAt);
    },

    revokeKey: (id) => updateKey(id, { revokedAt: clock.now() }),

    async rollKey(id, { graceMs, expiresAt }) {
      checkTime(graceMs, 'graceMs');
      if (graceMs < 0) throw new RangeError('expected graceMs >= 0');
      const old = await keys.get(id);
      if (old == null) throw unknownKey();

      const now = clock.now();
      if (old.revokedAt != null && !(now < old.revokedAt)) {
        throw new AuthError('ERR_API_KEY_REVOKED', 'API key already revoked');
      }
      if (old.expiresAt != null && !(now < old.expiresAt)) {
        throw new AuthError('ERR_API_KEY_EXPIRED', 'API key already expired');
      }

      // New key first: if the process dies in between, both keys work; no app is locked out.
      const issued = await issue(old.appId, expiresAt);
      await updateKey(id, { revokedAt: now + graceMs });
      return issued;
    },

    listKeys: async (appId) => keys.listByApp(appId),
    setKeyStatus: (id, status) => updateKey(id, { status: checkStatus(status) }),

    async setAppStatus(appId, status) {
      const app = await apps.update(appId, { status: checkStatus(status) });
      if (app == null) throw unknownApp();
      return app;
    },
  };
}
