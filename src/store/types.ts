// The store ports. Each method may answer synchronously (the memory stores do) or with a
// promise (a database); callers always await. Records are plain data, times are milliseconds
// since the epoch, and a store never reads a clock: time is the caller's business.

/**
 * A value, or a promise of it.
 *
 * @example
 * ```ts
 * const app = await stores.apps.get(id); // works for both
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * `'active'` or `'disabled'` (reversible, unlike a revocation).
 *
 * @example
 * ```ts
 * await stores.apps.update(appId, { status: 'disabled' satisfies RecordStatus });
 * ```
 */
export type RecordStatus = 'active' | 'disabled';

/**
 * An app's own rate limit, overriding the default policy.
 *
 * @example
 * ```ts
 * const rateLimit: AppRateLimit = { limit: 5_000, periodMs: 60_000 };
 * ```
 */
export interface AppRateLimit {
  /** Tokens per period. */
  readonly limit: number;
  /** Period in milliseconds. Default: the policy's. */
  readonly periodMs?: number;
  /** Bucket capacity. Default: `limit`. */
  readonly burst?: number;
}

/**
 * An app: what an API key identifies.
 *
 * @example
 * ```ts
 * const app: AppRecord = { id: 'app_42', name: 'Mobile', status: 'active' };
 * ```
 */
export interface AppRecord {
  readonly id: string;
  readonly name: string;
  readonly status: RecordStatus;
  readonly rateLimit?: AppRateLimit;
}

/**
 * A stored API key: never the key itself, only its hash and its visible beginning.
 *
 * @example
 * ```ts
 * const { id, start, hash } = generateApiKey({ prefix: 'tf_live' });
 * const record: KeyRecord = { id, appId, start, hash, createdAt: now, status: 'active' };
 * ```
 */
export interface KeyRecord {
  /** Non-secret identifier, for admin operations and logs. */
  readonly id: string;
  readonly appId: string;
  /** Visible beginning, e.g. `tf_live_3kTq9Z`. */
  readonly start: string;
  /** The key's hash (64 hex digits), unique across the store. */
  readonly hash: string;
  readonly createdAt: number;
  /** First instant at which the key no longer works. */
  readonly expiresAt?: number;
  /** First instant at which the key is revoked; may lie in the future after a roll. */
  readonly revokedAt?: number;
  readonly status: RecordStatus;
}

/**
 * A user of an app; usernames are unique per app and compared exactly.
 *
 * @example
 * ```ts
 * const passwordHash = await passwords.hash('correct horse');
 * const user: UserRecord = { id: 'u1', appId, username: 'ada', passwordHash, status: 'active' };
 * ```
 */
export interface UserRecord {
  readonly id: string;
  readonly appId: string;
  readonly username: string;
  /** A PHC string, e.g. `$pbkdf2-sha256$i=600000$...`. */
  readonly passwordHash: string;
  readonly status: RecordStatus;
}

/**
 * Apps by id.
 *
 * @example
 * ```ts
 * const app = await stores.apps.get(record.appId);
 * ```
 */
export interface AppStore {
  get(id: string): MaybePromise<AppRecord | undefined>;
  /** Adds an app; throws (or rejects) when the id exists. */
  insert(app: AppRecord): MaybePromise<void>;
  /** Changes fields; `rateLimit: null` removes the override. The new record, if the app exists. */
  update(id: string, changes: AppChanges): MaybePromise<AppRecord | undefined>;
}

/**
 * Fields {@link AppStore.update} may change.
 *
 * @example
 * ```ts
 * await stores.apps.update(appId, { rateLimit: { limit: 2_000 } });
 * ```
 */
export interface AppChanges {
  readonly name?: string;
  readonly status?: RecordStatus;
  readonly rateLimit?: AppRateLimit | null;
}

/**
 * API key records by hash (the guard) and by id (admin).
 *
 * @example
 * ```ts
 * const record = await stores.keys.findByHash(hashApiKey(key));
 * ```
 */
export interface KeyStore {
  findByHash(hash: string): MaybePromise<KeyRecord | undefined>;
  get(id: string): MaybePromise<KeyRecord | undefined>;
  /** Adds a record; throws (or rejects) when its id or its hash exists. */
  insert(record: KeyRecord): MaybePromise<void>;
  /**
   * Changes fields. A `revokedAt` is kept only if it is earlier than the stored one, so a roll's
   * grace period can never undo an immediate revocation. The new record, if the key exists.
   */
  update(id: string, changes: KeyChanges): MaybePromise<KeyRecord | undefined>;
  /** An app's keys, oldest first (by `createdAt`, then `id`). */
  listByApp(appId: string): MaybePromise<readonly KeyRecord[]>;
}

/**
 * Fields {@link KeyStore.update} may change.
 *
 * @example
 * ```ts
 * await stores.keys.update(id, { revokedAt: clock.now() });
 * ```
 */
export interface KeyChanges {
  readonly status?: RecordStatus;
  readonly revokedAt?: number;
}

/**
 * Users by app and username.
 *
 * @example
 * ```ts
 * const user = await stores.users.find(app.id, username);
 * ```
 */
export interface UserStore {
  find(appId: string, username: string): MaybePromise<UserRecord | undefined>;
  /** Adds a user; throws (or rejects) when the app already has the username. */
  insert(user: UserRecord): MaybePromise<void>;
  /** Changes fields (a rehashed password at login, a status). The new record, if it exists. */
  update(
    appId: string,
    username: string,
    changes: UserChanges,
  ): MaybePromise<UserRecord | undefined>;
}

/**
 * Fields {@link UserStore.update} may change.
 *
 * @example
 * ```ts
 * await stores.users.update(appId, username, { passwordHash: await passwords.hash(password) });
 * ```
 */
export interface UserChanges {
  readonly passwordHash?: string;
  readonly status?: RecordStatus;
}

/**
 * The stores one deployment uses.
 *
 * @example
 * ```ts
 * const stores: Stores = createMemoryStores();
 * ```
 */
export interface Stores {
  readonly apps: AppStore;
  readonly keys: KeyStore;
  readonly users: UserStore;
}
