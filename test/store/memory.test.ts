import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStores } from '../../src/store/memory.ts';
import { createMemoryBucketStore } from '../../src/rate-limit/memory-store.ts';
import { createMemoryRevocationStore } from '../../src/store/revocation.ts';
import { runStoreConformance } from '../../src/testing.ts';

runStoreConformance(
  () => ({
    ...createMemoryStores(),
    buckets: createMemoryBucketStore(),
    revocations: createMemoryRevocationStore(),
  }),
  { name: 'memory stores' },
);

describe('createMemoryStores', () => {
  it('answers synchronously', () => {
    const { apps, keys, users } = createMemoryStores();
    apps.insert({ id: 'app_1', name: 'A', status: 'active' });
    assert.equal(apps.get('app_1')?.name, 'A');
    assert.equal(keys.findByHash('0'.repeat(64)), undefined);
    assert.equal(users.find('app_1', 'ada'), undefined);
  });

  it('hands out frozen records', () => {
    const { apps } = createMemoryStores();
    apps.insert({ id: 'app_1', name: 'A', status: 'active', rateLimit: { limit: 5 } });
    const app = apps.get('app_1')!;
    assert.ok(Object.isFrozen(app) && Object.isFrozen(app.rateLimit));
  });

  it('gives each call its own, empty stores', () => {
    const a = createMemoryStores();
    a.apps.insert({ id: 'app_1', name: 'A', status: 'active' });
    assert.equal(createMemoryStores().apps.get('app_1'), undefined);
  });

  it('throws a TypeError for a record without an id', () => {
    const { apps, keys, users } = createMemoryStores();
    assert.throws(() => apps.insert({ name: 'A', status: 'active' } as never), TypeError);
    assert.throws(() => keys.insert({ id: 'k', appId: 'a' } as never), TypeError);
    assert.throws(() => users.insert({ appId: 'a', username: '' } as never), TypeError);
  });
});
