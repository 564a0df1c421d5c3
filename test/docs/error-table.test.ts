// The README's error table against the code: every code of the AuthErrorCode union, in the
// union's order, each with the status statusForCode gives it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AuthErrorCode } from '../../src/errors.ts';
import { statusForCode } from '../../src/http/problem.ts';

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

const union = [...read('src/errors.ts').matchAll(/^\s*\| '(ERR_[A-Z0-9_]+)';?$/gm)].map(
  (m) => m[1] as AuthErrorCode,
);

const readme = read('README.md');
const section = readme.slice(readme.indexOf('\n## Error codes'), readme.indexOf('\n## Headers'));
const rows = [...section.matchAll(/^\| `(ERR_[A-Z0-9_]+)` \| (\d{3}) \| (.+) \|$/gm)].map(
  (m) => ({ code: m[1] as AuthErrorCode, status: Number(m[2]), meaning: m[3]! }),
);

describe('README error table', () => {
  it('lists every code of AuthErrorCode, once, in the order of src/errors.ts', () => {
    assert.ok(union.length >= 40, `parsed only ${union.length} codes from src/errors.ts`);
    assert.deepEqual(rows.map((row) => row.code), union);
  });

  it('gives each code the status statusForCode answers', () => {
    const wrong = rows.filter((row) => row.status !== statusForCode(row.code));
    assert.deepEqual(wrong.map((row) => `${row.code} ${row.status}`), []);
  });

  it('explains each code in a sentence', () => {
    const bare = rows.filter((row) => !/^[A-Z`].{10,}\.$/.test(row.meaning));
    assert.deepEqual(bare.map((row) => row.code), []);
  });
});
