import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSuiteFails } from '../helpers/failing-suite.ts';
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
    assertSuiteFails(new URL('./fixtures/broken-stores.ts', import.meta.url), [
      'matches hashes exactly: no near miss, prefix or other case',
      'keeps the earlier of two revocation times',
      "lists an app's keys oldest first, and only that app's",
    ]);
  });

  it('made fresh stores for every test and tore each set down', () => {
    assert.ok(made >= 30, `made ${made}`);
    assert.equal(tornDown.size, made);
  });
});
