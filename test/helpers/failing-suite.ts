// Runs a test file in a child process and returns the titles of the tests that failed, so a
// suite can prove it fails a deliberately broken implementation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs `fixture` (a URL) under node:test and asserts that each of `titles` failed. */
export function assertSuiteFails(fixture: URL, titles: readonly string[]): void {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', fileURLToPath(fixture)],
    // Without NODE_TEST_CONTEXT the child reports in TAP instead of to this runner.
    { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
  );
  const failed = [...child.stdout.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]);
  assert.notEqual(child.status, 0);
  for (const title of titles) {
    assert.ok(failed.includes(title), `expected "${title}" to fail; failed: ${failed}`);
  }
}
