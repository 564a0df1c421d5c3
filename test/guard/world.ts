// A small world for guard and server tests: memory stores, a fake clock, one app with a key and
// a user, and a password hasher cheap enough for tests that counts its calls.
import { createApiKeyAdmin } from '../../src/api-key/admin.ts';
import type { Clock } from '../../src/clock.ts';
import { createGuard } from '../../src/guard/guard.ts';
import type { Guard, GuardOptions } from '../../src/guard/types.ts';
import { createPasswordHasher } from '../../src/password/index.ts';
import type { PasswordHasher } from '../../src/password/index.ts';
import { createMemoryStores } from '../../src/store/memory.ts';
import type { MemoryStores } from '../../src/store/memory.ts';

export interface FakeClock extends Clock {
  t: number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_800_000_000_000): FakeClock {
  const clock = {
    t: start,
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  return clock;
}

export interface CountingHasher extends PasswordHasher {
  readonly calls: { verify: number; dummy: number; hash: number };
}

export function countingHasher(iterations = 1000): CountingHasher {
  const inner = createPasswordHasher({ iterations });
  const calls = { verify: 0, dummy: 0, hash: 0 };
  return {
    calls,
    hash: (p) => (calls.hash++, inner.hash(p)),
    verify: (p, h) => (calls.verify++, inner.verify(p, h)),
    verifyDummy: (p) => (calls.dummy++, inner.verifyDummy(p)),
    needsRehash: (h) => inner.needsRehash(h),
  };
}

export const SECRET: Uint8Array = new Uint8Array(32).fill(7);

export interface World {
  readonly clock: FakeClock;
  readonly stores: MemoryStores;
  readonly passwords: CountingHasher;
  readonly admin: ReturnType<typeof createApiKeyAdmin>;
  readonly guard: Guard;
  readonly appId: string;
  readonly key: string;
  readonly keyId: string;
  readonly otherAppId: string;
  readonly otherKey: string;
}

export async function makeWorld(extra: Partial<GuardOptions> = {}): Promise<World> {
  const clock = fakeClock();
  const stores = createMemoryStores();
  const passwords = countingHasher();
  const admin = createApiKeyAdmin({ stores, prefix: 'tf_test', clock });
  const app = await admin.createApp({ id: 'app_one', name: 'One' });
  const other = await admin.createApp({ id: 'app_two', name: 'Two' });
  const issued = await admin.createKey(app.id);
  const otherIssued = await admin.createKey(other.id);
  for (const appId of [app.id, other.id]) {
    await stores.users.insert({
      id: `user_${appId}`,
      appId,
      username: 'ada',
      passwordHash: await passwords.hash('lovelace'),
      status: 'active',
    });
  }
  passwords.calls.hash = 0;
  const options = { stores, jwt: { secret: SECRET }, password: passwords, clock };
  const guard = createGuard({ ...options, ...extra });
  return {
    clock,
    stores,
    passwords,
    admin,
    guard,
    appId: app.id,
    key: issued.key,
    keyId: issued.record.id,
    otherAppId: other.id,
    otherKey: otherIssued.key,
  };
}

export async function tokenFor(world: World, key: string = world.key): Promise<string> {
  const result = await world.guard.login({ apiKey: key, username: 'ada', password: 'lovelace' });
  if (!result.ok) throw new Error(`login failed: ${result.code}`);
  return result.access_token;
}

export function headers(key: string | undefined, token?: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (key !== undefined) h['x-api-key'] = key;
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  return h;
}
