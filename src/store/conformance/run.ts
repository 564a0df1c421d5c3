// Shared by the conformance parts: fresh stores per test, and record builders.
import { generateApiKey } from '../../api-key/generate.ts';
import { encodeBase62 } from '../../lib/base62.ts';
import type { AppRecord, KeyRecord, UserRecord } from '../types.ts';
import type { ConformanceStores } from '../conformance.ts';

/** Wraps a test body so that it runs on fresh stores from the factory. */
export type Run = (fn: (stores: ConformanceStores) => unknown) => () => Promise<void>;

/** A random id with a readable kind, e.g. `app_3kTq9Z...`. */
export const uniqueId = (kind: string): string =>
  `${kind}_${encodeBase62(crypto.getRandomValues(new Uint8Array(12)), 17)}`;

/** An active app record. */
export const newApp = (overrides: Partial<AppRecord> = {}): AppRecord => ({
  id: uniqueId('app'),
  name: 'Test app',
  status: 'active',
  ...overrides,
});

/** A fresh key and an active record of it, as the store would hold it. */
export function newKeyPair(
  appId: string,
  overrides: Partial<KeyRecord> = {},
): { key: string; record: KeyRecord } {
  const { key, id, start, hash } = generateApiKey({ prefix: 'tf_test' });
  const createdAt = 1_700_000_000_000;
  return { key, record: { id, appId, start, hash, createdAt, status: 'active', ...overrides } };
}

/** An active key record with the hash of a real, freshly generated key. */
export const newKey = (appId: string, overrides: Partial<KeyRecord> = {}): KeyRecord =>
  newKeyPair(appId, overrides).record;

/** An active user record. */
export const newUser = (appId: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
  id: uniqueId('user'),
  appId,
  username: 'ada',
  passwordHash: '$pbkdf2-sha256$i=600000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
  status: 'active',
  ...overrides,
});

/** True for `undefined` or `null`, which adapters may return for "not found". */
export const absent = (value: unknown): boolean => value === undefined || value === null;
