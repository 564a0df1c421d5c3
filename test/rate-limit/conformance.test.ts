import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
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
    const fixture = fileURLToPath(new URL('./fixtures/broken-conformance.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', fixture],
      { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
    );
    const failed = [...child.stdout.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]);
    assert.notEqual(child.status, 0);
    for (const title of [
      'stores a first state against undefined, once',
      'replaces a state only when both tat and interval match',
      'allows exactly the capacity to 40 concurrent requests on one key',
    ]) {
      assert.ok(failed.includes(title), `expected "${title}" to fail; failed: ${failed}`);
    }
  });
});
