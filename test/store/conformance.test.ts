import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runStoreConformance } from '../../src/testing.ts';
import { createAsyncStores } from './fixtures/async-stores.ts';

let made = 0;
const tornDown = new Set<object>();
runStoreConformance(
  () => {
    made++;
    return createAsyncStores();
  },
  { name: 'memory stores behind promises', teardown: (stores) => void tornDown.add(stores) },
);

describe('runStoreConformance', () => {
  it('fails a store with a case-insensitive lookup, lost revocations and a leaky list', () => {
    const fixture = fileURLToPath(new URL('./fixtures/broken-stores.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=tap', fixture],
      // Without NODE_TEST_CONTEXT the child reports in TAP instead of to this runner.
      { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
    );
    const failed = [...child.stdout.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]);
    assert.notEqual(child.status, 0);
    for (const title of [
      'matches hashes exactly: no near miss, prefix or other case',
      'keeps the earlier of two revocation times',
      "lists an app's keys oldest first, and only that app's",
    ]) {
      assert.ok(failed.includes(title), `expected "${title}" to fail; failed: ${failed}`);
    }
  });

  it('made fresh stores for every test and tore each set down', () => {
    assert.ok(made >= 30, `made ${made}`);
    assert.equal(tornDown.size, made);
  });
});
