// The embedded default: the three stores in Maps. They answer synchronously, keep frozen
// copies (a caller mutating its object changes nothing stored) and never read a clock.
import type {
  AppChanges,
  AppRecord,
  AppStore,
  KeyChanges,
  KeyRecord,
  KeyStore,
  Stores,
  UserChanges,
  UserRecord,
  UserStore,
} from './types.ts';

/**
 * {@link AppStore} answering synchronously.
 *
 * @example
 * ```ts
 * const app = createMemoryAppStore().get('app_42'); // no await needed
 * ```
 */
export interface MemoryAppStore extends AppStore {
  get(id: string): AppRecord | undefined;
  insert(app: AppRecord): void;
  update(id: string, changes: AppChanges): AppRecord | undefined;
}

/**
 * {@link KeyStore} answering synchronously.
 *
 * @example
 * ```ts
 * const record = createMemoryKeyStore().findByHash(hash); // no await needed
 * ```
 */
export interface MemoryKeyStore extends KeyStore {
  findByHash(hash: string): KeyRecord | undefined;
  get(id: string): KeyRecord | undefined;
  insert(record: KeyRecord): void;
  update(id: string, changes: KeyChanges): KeyRecord | undefined;
  listByApp(appId: string): readonly KeyRecord[];
}

/**
 * {@link UserStore} answering synchronously.
 *
 * @example
 * ```ts
 * const user = createMemoryUserStore().find('app_42', 'ada'); // no await needed
 * ```
 */
export interface MemoryUserStore extends UserStore {
  find(appId: string, username: string): UserRecord | undefined;
  insert(user: UserRecord): void;
  update(appId: string, username: string, changes: UserChanges): UserRecord | undefined;
}

/**
 * The three memory stores.
 *
 * @example
 * ```ts
 * const { apps, keys, users } = createMemoryStores();
 * ```
 */
export interface MemoryStores extends Stores {
  readonly apps: MemoryAppStore;
  readonly keys: MemoryKeyStore;
  readonly users: MemoryUserStore;
}

function checkId(value: unknown, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`expected ${name} to be a non-empty string`);
  }
}

/**
 * Creates an in-memory app store.
 *
 * @example
 * ```ts
 * const apps = createMemoryAppStore();
 * apps.insert({ id: 'app_42', name: 'Mobile', status: 'active' });
 * ```
 */
export function createMemoryAppStore(): MemoryAppStore {
  const byId = new Map<string, AppRecord>();
  return {
    get: (id) => byId.get(id),
    insert(app) {
      checkId(app?.id, 'app.id');
      if (byId.has(app.id)) throw new Error('an app with this id exists');
      byId.set(app.id, freezeApp(app, app.rateLimit));
    },
    update(id, changes) {
      const old = byId.get(id);
      if (old === undefined) return undefined;
      const next: AppRecord = {
        id,
        name: changes.name ?? old.name,
        status: changes.status ?? old.status,
      };
      const limit = changes.rateLimit === null ? undefined : (changes.rateLimit ?? old.rateLimit);
      const app = freezeApp(next, limit);
      byId.set(id, app);
      return app;
    },
  };
}

function freezeApp(app: AppRecord, rateLimit: AppRecord['rateLimit']): AppRecord {
  const { id, name, status } = app;
  if (rateLimit === undefined) return Object.freeze({ id, name, status });
  return Object.freeze({ id, name, status, rateLimit: Object.freeze({ ...rateLimit }) });
}

/**
 * Creates an in-memory key store, indexed by hash, by id and by app.
 *
 * @example
 * ```ts
 * const keys = createMemoryKeyStore();
 * keys.insert({ id, appId: 'app_42', start, hash, createdAt: Date.now(), status: 'active' });
 * ```
 */
export function createMemoryKeyStore(): MemoryKeyStore {
  const byHash = new Map<string, KeyRecord>();
  const byId = new Map<string, KeyRecord>();
  const byApp = new Map<string, Set<string>>();
  return {
    findByHash: (hash) => byHash.get(hash),
    get: (id) => byId.get(id),
    insert(record) {
      checkId(record?.id, 'record.id');
      checkId(record.hash, 'record.hash');
      checkId(record.appId, 'record.appId');
      if (byId.has(record.id)) throw new Error('a key with this id exists');
      if (byHash.has(record.hash)) throw new Error('a key with this hash exists');
      const frozen = Object.freeze({ ...record });
      byId.set(record.id, frozen);
      byHash.set(record.hash, frozen);
      let ids = byApp.get(record.appId);
      if (ids === undefined) byApp.set(record.appId, (ids = new Set()));
      ids.add(record.id);
    },
    update(id, changes) {
      const old = byId.get(id);
      if (old === undefined) return undefined;
      let next: KeyRecord = { ...old };
      if (changes.status !== undefined) next = { ...next, status: changes.status };
      const at = changes.revokedAt;
      if (at !== undefined && !(old.revokedAt !== undefined && old.revokedAt <= at)) {
        next = { ...next, revokedAt: at };
      }
      const frozen = Object.freeze(next);
      byId.set(id, frozen);
      byHash.set(frozen.hash, frozen);
      return frozen;
    },
    listByApp(appId) {
      const ids = byApp.get(appId);
      if (ids === undefined) return [];
      const list = [...ids].map((id) => byId.get(id)!);
      return list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },
  };
}

/**
 * Creates an in-memory user store, one map of usernames per app.
 *
 * @example
 * ```ts
 * const users = createMemoryUserStore();
 * users.insert({ id: 'u1', appId: 'app_42', username: 'ada', passwordHash, status: 'active' });
 * ```
 */
export function createMemoryUserStore(): MemoryUserStore {
  const byApp = new Map<string, Map<string, UserRecord>>();
  return {
    find: (appId, username) => byApp.get(appId)?.get(username),
    insert(user) {
      checkId(user?.appId, 'user.appId');
      checkId(user.username, 'user.username');
      let names = byApp.get(user.appId);
      if (names === undefined) byApp.set(user.appId, (names = new Map()));
      if (names.has(user.username)) throw new Error('the app has a user with this username');
      names.set(user.username, Object.freeze({ ...user }));
    },
    update(appId, username, changes) {
      const names = byApp.get(appId);
      const old = names?.get(username);
      if (names === undefined || old === undefined) return undefined;
      const user = Object.freeze({
        ...old,
        passwordHash: changes.passwordHash ?? old.passwordHash,
        status: changes.status ?? old.status,
      });
      names.set(username, user);
      return user;
    },
  };
}

/**
 * Creates the embedded default stores: apps, keys and users in memory.
 *
 * @example
 * ```ts
 * const stores = createMemoryStores();
 * stores.apps.insert({ id: 'app_42', name: 'Mobile', status: 'active' });
 * ```
 */
export function createMemoryStores(): MemoryStores {
  return {
    apps: createMemoryAppStore(),
    keys: createMemoryKeyStore(),
    users: createMemoryUserStore(),
  };
}
