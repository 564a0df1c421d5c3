// The verifier's fast JSON path (src/jwt/simple-json.ts) must be a strict subset of JSON.parse:
// whenever it answers, JSON.parse gives the same members; everything else it leaves to the
// general path. Checked on edge cases and on many seeded random texts near the subset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegisteredClaims, REGISTERED_CLAIMS } from '../../src/jwt/registered.ts';
import { parseSimpleObject } from '../../src/jwt/simple-json.ts';

const encoder = new TextEncoder();

/** Runs the fast path on `text` the way the verifier does: bytes, then a zero sentinel. */
function fast(text: string, registered?: RegisteredClaims): Record<string, unknown> | undefined {
  const bytes = new Uint8Array(text.length * 3 + 1);
  const { written } = encoder.encodeInto(text, bytes);
  // Garbage past the sentinel, as in a reused buffer: it must never be read.
  bytes.fill(0x22, written + 1);
  bytes[written] = 0;
  return parseSimpleObject(bytes, written, registered);
}

/** Asserts the fast path either declines or agrees with JSON.parse exactly. */
function assertAgrees(text: string): void {
  const result = fast(text);
  if (result === undefined) return;
  assert.equal(Object.getPrototypeOf(result), null, text);
  const reference: unknown = JSON.parse(text);
  assert.deepEqual({ ...result }, reference, text);
  assert.deepEqual(Object.keys(result), Object.keys(reference as object), text);
}

describe('parseSimpleObject', () => {
  it('parses a flat claims set into a null-prototype object', () => {
    const text = '{"sub":"user_123","app":"app_42","iat":1700000000,"exp":4102444800,"ok":true}';
    const result = fast(text);
    assert.ok(result);
    assert.equal(Object.getPrototypeOf(result), null);
    assert.deepEqual({ ...result }, JSON.parse(text));
  });

  it('records every registered claim it meets', () => {
    const members = REGISTERED_CLAIMS.map((name, i) => `"${name}":${i + 1}`).join(',');
    const registered = new RegisteredClaims();
    assert.ok(fast(`{${members}}`, registered));
    REGISTERED_CLAIMS.forEach((name, i) => {
      assert.equal(registered[name as keyof RegisteredClaims], i + 1, name);
    });
  });

  it('parses integers, negative zero, booleans, null and the empty object like JSON.parse', () => {
    for (const text of [
      '{}',
      '{"a":0}',
      '{"a":-0}',
      '{"a":-7}',
      '{"a":999999999999999}',
      '{"a":true,"b":false,"c":null}',
      '{"a":""}',
      '{"a":"~ !#$%&()*+,-./:;<=>?@[]^_`{|}"}',
      '{"exp":1,"expi":2,"ex":3,"expexp":4,"issuers":5,"scope1":6}',
    ]) {
      assert.ok(fast(text), text);
      assertAgrees(text);
    }
    assert.ok(Object.is(fast('{"a":-0}')!.a, -0));
  });

  it('declines what only the general path may decide', () => {
    for (const text of [
      '',
      '{',
      '[]',
      '{ "a":1}',
      '{"a": 1}',
      '{"a":1 }',
      '{"a":01}',
      '{"a":-}',
      '{"a":1.5}',
      '{"a":1e3}',
      '{"a":1E3}',
      '{"a":1000000000000000}',
      '{"a":"\\n"}',
      '{"a":"\u00e9"}',
      '{"a":"\u007f"}',
      '{"a":"x\ty"}',
      '{"a":{}}',
      '{"a":[]}',
      '{"a":tru}',
      '{"a":truex}',
      '{"a":1,}',
      '{"a":1}x',
      '{"a"}',
      '{"a":1,"a":2}',
      '{"sub":1,"sub":2}',
      '{"__proto__":1}',
      '{"constructor":1}',
      `{${Array.from({ length: 17 }, (_, i) => `"m${i}":${i}`).join(',')}}`,
    ]) {
      assert.equal(fast(text), undefined, text);
    }
  });

  it('accepts sixteen members', () => {
    const text = `{${Array.from({ length: 16 }, (_, i) => `"m${i}":${i}`).join(',')}}`;
    assert.equal(Object.keys(fast(text)!).length, 16);
  });

  it('agrees with JSON.parse on random texts near the subset (seeded)', () => {
    const random = mulberry32(0x51e7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const names = ['sub', 'exp', 'iat', 'scope', 'app', 'a', 'sub ', 'x_y', '__proto__', 'kid'];
    const values = ['0', '-1', '12', '1.5', '"v"', '""', 'true', 'null', '{}', '"\\""', '1e2'];
    const noise = ['', ' ', ',', '"', ':', '}', '{', '\\', '0', 'é'];
    let answered = 0;
    for (let round = 0; round < 20_000; round++) {
      const members = Array.from({ length: Math.floor(random() * 5) }, () => {
        return `"${pick(names)}":${pick(values)}`;
      });
      let text = `{${members.join(',')}}`;
      if (random() < 0.3) {
        const at = Math.floor(random() * (text.length + 1));
        text = text.slice(0, at) + pick(noise) + text.slice(at);
      }
      assertAgrees(text);
      if (fast(text) !== undefined) answered++;
    }
    assert.ok(answered > 2_000, `only ${answered} texts took the fast path`);
  });
});

/** A small seeded PRNG (mulberry32), so the random cases are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
