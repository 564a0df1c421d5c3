// Shared by the conformance parts: fresh stores per test, and record builders.
import { generateApiKey } from '../../api-key/generate.ts';
import { encodeBase62 } from '../../lib/base62.ts';
import type { AppRecord, KeyRecord, UserRecord } from '../types.ts';
import type { ConformanceStores } from '../conformance.ts';

/**
 * Wraps a test body so that it runs on fresh stores from the factory.
 *
 * @example
 * ```ts
 * const run: Run = (fn) => async () => fn(await factory());
 * it('returns nothing for an unknown id', run(async ({ apps }) => apps.get('app_x')));
 * ```
 */
export type Run = (fn: (stores: ConformanceStores) => unknown) => () => Promise<void>;

/**
 * A random id with a readable kind, e.g. `app_3kTq9Z...`.
 *
 * @example
 * ```ts
 * uniqueId('app'); // 'app_3kTq9Z...'
 * ```
 */
export const uniqueId = (kind: string): string =>
  `${kind}_${encodeBase62(crypto.getRandomValues(new Uint8Array(12)), 17)}`;

/**
 * An active app record.
 *
 * @example
 * ```ts
 * await stores.apps.insert(newApp({ status: 'disabled' }));
 * ```
 */
export const newApp = (overrides: Partial<AppRecord> = {}): AppRecord => ({
  id: uniqueId('app'),
  name: 'Test app',
  status: 'active',
  ...overrides,
});

/**
 * A fresh key and an active record of it, as the store would hold it.
 *
 * @example
 * ```ts
 * const { key, record } = newKeyPair(app.id);
 * await stores.keys.insert(record); // `key` now verifies
 * ```
 */
export function newKeyPair(
  appId: string,
  overrides: Partial<KeyRecord> = {},
): { key: string; record: KeyRecord } {
  const { key, id, start, hash } = generateApiKey({ prefix: 'tf_test' });
  const createdAt = 1_700_000_000_000;
  return { key, record: { id, appId, start, hash, createdAt, status: 'active', ...overrides } };
}

/**
 * An active key record with the hash of a real, freshly generated key.
 *
 * @example
 * ```ts
 * await stores.keys.insert(newKey(app.id, { revokedAt: T0 }));
 * ```
 */
export const newKey = (appId: string, overrides: Partial<KeyRecord> = {}): KeyRecord =>
  newKeyPair(appId, overrides).record;

/**
 * An active user record.
 *
 * @example
 * ```ts
 * await stores.users.insert(newUser(app.id, { username: 'grace' }));
 * ```
 */
export const newUser = (appId: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
  id: uniqueId('user'),
  appId,
  username: 'ada',
  passwordHash: '$pbkdf2-sha256$i=600000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
  status: 'active',
  ...overrides,
});

/**
 * True for `undefined` or `null`, which adapters may return for "not found".
 *
 * @example
 * ```ts
 * assert.ok(absent(await apps.get('app_unknown')));
 * ```
 */
export const absent = (value: unknown): boolean => value === undefined || value === null;
