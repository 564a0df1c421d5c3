import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSuiteFails } from '../helpers/failing-suite.ts';
import { bucketStoreConformance } from '../../src/rate-limit/conformance.ts';
import { createMemoryBucketStore, createSharedBucketStore } from '../../src/rate-limit/index.ts';
import { createAsyncMapStore } from './fixtures/stores.ts';

bucketStoreConformance(() => createMemoryBucketStore(), { name: 'memory bucket store' });
bucketStoreConformance(() => createSharedBucketStore({ maxKeys: 64 }), {
  name: 'shared bucket store',
});

let made = 0;
let tornDown = 0;
bucketStoreConformance(
  async () => {
    made++;
    return createAsyncMapStore();
  },
  { name: 'promise-returning Map store', teardown: () => void tornDown++ },
);

describe('bucketStoreConformance', () => {
  it('made a fresh store for each test and tore each one down', () => {
    assert.ok(made >= 10, `made ${made}`);
    assert.equal(tornDown, made);
  });

  it('fails a store whose compare-and-set ignores the expected state', () => {
    assertSuiteFails(new URL('./fixtures/broken-conformance.ts', import.meta.url), [
      'stores a first state against undefined, once',
      'replaces a state only when both tat and interval match',
      'allows exactly the capacity to 40 concurrent requests on one key',
    ]);
  });
});
