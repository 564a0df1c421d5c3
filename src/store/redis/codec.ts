// Records to hash fields and back. Every value read is checked: a record that does not parse
// is a store failure (the guard answers 503), never a half-valid record.
import { AuthError } from '../../errors.ts';
import type { AppRateLimit, AppRecord, KeyRecord, RecordStatus, UserRecord } from '../types.ts';

type Fields = ReadonlyMap<string, string>;

/**
 * The fields of a hash reply: a flat array (RESP2, and scripts), a Map or an object (RESP3
 * clients); `undefined` for a missing record.
 *
 * @example
 * ```ts
 * const fields = fieldsOf(await redis.send('HGETALL', [at(id)], at(id)));
 * return fields && toApp(fields);
 * ```
 */
export function fieldsOf(reply: unknown): Fields | undefined {
  if (reply == null) return undefined;
  const fields = new Map<string, string>();
  if (Array.isArray(reply)) {
    for (let i = 1; i < reply.length; i += 2) fields.set(String(reply[i - 1]), String(reply[i]));
  } else if (reply instanceof Map) {
    for (const [name, value] of reply) fields.set(String(name), String(value));
  } else if (typeof reply === 'object') {
    for (const [name, value] of Object.entries(reply)) fields.set(name, String(value));
  } else {
    throw malformed('reply');
  }
  return fields.size === 0 ? undefined : fields;
}

const malformed = (what: string): AuthError =>
  new AuthError('ERR_STORE_UNAVAILABLE', `redis holds a malformed ${what}`, { field: what });

function text(f: Fields, name: string): string {
  const value = f.get(name);
  if (value === undefined) throw malformed(name);
  return value;
}

function integer(f: Fields, name: string): number | undefined {
  const value = f.get(name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || String(n) !== value) throw malformed(name);
  return n;
}

function status(f: Fields): RecordStatus {
  const value = f.get('status');
  if (value !== 'active' && value !== 'disabled') throw malformed('status');
  return value;
}

/**
 * An app from its fields.
 *
 * @example
 * ```ts
 * toApp(new Map([['id', 'app_42'], ['name', 'Mobile'], ['status', 'active']]));
 * ```
 */
export function toApp(f: Fields): AppRecord {
  const app = { id: text(f, 'id'), name: text(f, 'name'), status: status(f) };
  const limit = f.get('rateLimit');
  return limit === undefined ? app : { ...app, rateLimit: toRateLimit(limit) };
}

function toRateLimit(json: string): AppRateLimit {
  let parsed: { limit?: unknown; periodMs?: unknown; burst?: unknown };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    throw malformed('rateLimit');
  }
  const { limit, periodMs, burst } = parsed ?? {};
  const ok = (v: unknown) => v === undefined || typeof v === 'number';
  if (typeof limit !== 'number' || !ok(periodMs) || !ok(burst)) throw malformed('rateLimit');
  return {
    limit,
    ...(periodMs === undefined ? {} : { periodMs: periodMs as number }),
    ...(burst === undefined ? {} : { burst: burst as number }),
  };
}

/**
 * A key record from its fields.
 *
 * @example
 * ```ts
 * const record = fields && toKey(fields); // a KeyRecord, or an ERR_STORE_UNAVAILABLE
 * ```
 */
export function toKey(f: Fields): KeyRecord {
  const createdAt = integer(f, 'createdAt');
  if (createdAt === undefined) throw malformed('createdAt');
  const expiresAt = integer(f, 'expiresAt');
  const revokedAt = integer(f, 'revokedAt');
  return {
    id: text(f, 'id'),
    appId: text(f, 'appId'),
    start: text(f, 'start'),
    hash: text(f, 'hash'),
    createdAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(revokedAt === undefined ? {} : { revokedAt }),
    status: status(f),
  };
}

/**
 * A user from its fields.
 *
 * @example
 * ```ts
 * const user = fields && toUser(fields);
 * ```
 */
export function toUser(f: Fields): UserRecord {
  return {
    id: text(f, 'id'),
    appId: text(f, 'appId'),
    username: text(f, 'username'),
    passwordHash: text(f, 'passwordHash'),
    status: status(f),
  };
}

/**
 * A record's fields, flat, for HSET; `undefined` fields are left out.
 *
 * @example
 * ```ts
 * pairs({ id: 'app_42', name: 'Mobile', rateLimit: { limit: 10 } });
 * // ['id', 'app_42', 'name', 'Mobile', 'rateLimit', '{"limit":10}']
 * ```
 */
export function pairs(record: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    out.push(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return out;
}
