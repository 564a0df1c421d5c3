// The MAC check and the payload's JSON (issue 2, "Strictness"): the MAC is checked before the
// payload is looked at, and the payload must be a UTF-8 JSON object without a BOM, repeated
// member names, or __proto__ / constructor members, at any depth. Both crypto providers.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { createJwtVerifier } from '../../src/jwt/index.ts';
import {
  HEADER,
  NOW,
  OTHER_SECRET,
  SECRET,
  assertCode,
  b64url,
  claimsJson,
  fakeClock,
  forge,
  providers,
} from '../fixtures/jwt-tokens.ts';

const EXP = NOW + 600;
const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? latin1(part) : Buffer.from(part))));

for (const crypto of providers) {
  describe(`createJwtVerifier: the MAC (${crypto.name} provider)`, () => {
    const verify = createJwtVerifier({ secret: SECRET, clock: fakeClock(), crypto });
    const good = forge(HEADER, claimsJson());
    const [h, p, s] = good.split('.') as [string, string, string];
    /** A token with this payload whose MAC comes from another key. */
    const badMac = (payload: string | Uint8Array) =>
      forge(HEADER, payload, OTHER_SECRET);

    it('refuses a token signed with another key with ERR_JWT_SIGNATURE', () => {
      assertCode(() => verify(badMac(claimsJson())), 'ERR_JWT_SIGNATURE');
    });

    it('refuses a payload changed after signing with ERR_JWT_SIGNATURE', () => {
      const admin = b64url(claimsJson(',"admin":true'));
      assertCode(() => verify(`${h}.${admin}.${s}`), 'ERR_JWT_SIGNATURE');
    });

    it('refuses a MAC with one character changed, cut short or lengthened', () => {
      const flipped = s.slice(0, 20) + (s[20] === 'A' ? 'B' : 'A') + s.slice(21);
      assertCode(() => verify(`${h}.${p}.${flipped}`), 'ERR_JWT_SIGNATURE');
      assertCode(() => verify(`${h}.${p}.${s}AAAA`), 'ERR_JWT_SIGNATURE');
      assertCode(() => verify(`${h}.${p}.${s.slice(0, 40)}`), 'ERR_JWT_SIGNATURE');
      assertCode(() => verify(`${h}.${p}.AA`), 'ERR_JWT_SIGNATURE');
    });

    it('refuses the MAC of another token with ERR_JWT_SIGNATURE', () => {
      const other = forge(HEADER, claimsJson(',"jti":"x"')).split('.')[2];
      assertCode(() => verify(`${h}.${p}.${other}`), 'ERR_JWT_SIGNATURE');
    });

    it('checks the MAC before the payload: garbage under a bad MAC is ERR_JWT_SIGNATURE', () => {
      const garbage: Array<string | Uint8Array> = [
        bytes([0xff, 0xfe, 0x00, 0xc0, 0xaf]),
        bytes([0xef, 0xbb, 0xbf], claimsJson()),
        '[1,2]',
        'null',
        '{"sub":"a","sub":"b"}',
        '{"__proto__":{"admin":true}}',
        claimsJson('', '"soon"'),
        claimsJson('', String(NOW - 600)),
        '{',
      ];
      for (const payload of garbage) assertCode(() => verify(badMac(payload)), 'ERR_JWT_SIGNATURE');
    });

    it('reads no clock before the MAC has matched', () => {
      let reads = 0;
      const clock = { now: () => (reads++, NOW * 1000) };
      const counted = createJwtVerifier({ secret: SECRET, clock, crypto });
      assertCode(() => counted(badMac(claimsJson())), 'ERR_JWT_SIGNATURE');
      assert.equal(reads, 0);
      counted(good);
      assert.equal(reads, 1);
    });

    it('still refuses a wrong MAC after the same header has verified before', () => {
      assert.equal(verify(good).sub, 'user_123');
      assertCode(() => verify(badMac(claimsJson())), 'ERR_JWT_SIGNATURE');
      assert.equal(verify(good).sub, 'user_123');
    });
  });

  describe(`createJwtVerifier: the payload (${crypto.name} provider)`, () => {
    const verify = createJwtVerifier({ secret: SECRET, clock: fakeClock(), crypto });
    const withPayload = (payload: string | Uint8Array) => verify(forge(HEADER, payload));

    it('refuses a payload that is not a JSON object with ERR_JWT_PAYLOAD_INVALID', () => {
      const payloads = ['[]', `[${claimsJson()}]`, String(EXP), '"user_123"', 'null', 'true',
        '{', `${claimsJson()}x`, `${claimsJson()}}`, `{"exp":${EXP},}`, "{'exp':1}", 'exp'];
      for (const payload of payloads) {
        assertCode(() => withPayload(payload), 'ERR_JWT_PAYLOAD_INVALID', 'payload');
      }
    });

    it('refuses a payload that is not valid UTF-8 with ERR_JWT_UTF8', () => {
      const invalid = [
        [0xff], // never valid
        [0x80], // a lone continuation byte
        [0xc0, 0xaf], // an overlong "/"
        [0xed, 0xa0, 0x80], // a UTF-16 surrogate
        [0xe2, 0x82], // a truncated sequence
        [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      ];
      for (const seq of invalid) {
        const payload = bytes(`{"sub":"`, seq, `","exp":${EXP}}`);
        assertCode(() => withPayload(payload), 'ERR_JWT_UTF8', 'payload');
      }
    });

    it('refuses a payload that starts with a byte-order mark with ERR_JWT_UTF8', () => {
      const payload = bytes([0xef, 0xbb, 0xbf], claimsJson());
      assertCode(() => withPayload(payload), 'ERR_JWT_UTF8', 'payload');
    });

    it('accepts UTF-8 text, and U+FEFF inside a string', () => {
      const claims = withPayload(claimsJson(',"name":"Zoë ✓ 𝄞","zw":"a\uFEFFb"'));
      assert.equal(claims.name, 'Zoë ✓ 𝄞');
      assert.equal(claims.zw, 'a\uFEFFb');
    });

    it('refuses a member name repeated at the top level with ERR_JWT_DUPLICATE_MEMBER', () => {
      const payloads = [
        claimsJson(',"sub":"admin"'),
        `{"exp":${NOW - 600},"exp":${EXP}}`,
        claimsJson(',"\\u0073ub":"admin"'),
        claimsJson(',"iss":"https://a.example","iss":"https://b.example"'),
        claimsJson(',"scope":"read","scope":"read"'),
      ];
      for (const payload of payloads) {
        assertCode(() => withPayload(payload), 'ERR_JWT_DUPLICATE_MEMBER', 'payload');
      }
    });

    it('refuses a member name repeated in a nested object with ERR_JWT_DUPLICATE_MEMBER', () => {
      const payloads = [
        claimsJson(',"org":{"id":"a","id":"b"}'),
        claimsJson(',"roles":[{"name":"x"},{"name":"y","name":"z"}]'),
        claimsJson(',"a":{"b":{"c":{"d":1,"d":1}}}'),
        claimsJson(',"url":{"href":"https://x.example:8443/a","href":"x"}'),
      ];
      for (const payload of payloads) {
        assertCode(() => withPayload(payload), 'ERR_JWT_DUPLICATE_MEMBER', 'payload');
      }
    });

    it('accepts colons, quotes and escapes inside strings without seeing duplicates', () => {
      const extra = ',"iss":"https://auth.example:443/","note":"a\\":b","k:e\\"y":"v:w"' +
        ',"nested":{"url":"urn:x:y","list":["a:b",{"c":"d:e"}]}';
      const claims = withPayload(claimsJson(extra));
      assert.equal(claims.iss, 'https://auth.example:443/');
      assert.equal(claims.note, 'a":b');
      assert.equal(claims['k:e"y'], 'v:w');
      assert.deepEqual(claims.nested, { url: 'urn:x:y', list: ['a:b', { c: 'd:e' }] });
    });

    it('refuses __proto__ and constructor members with ERR_JWT_FORBIDDEN_MEMBER', () => {
      const cases: Array<[string, string]> = [
        [claimsJson(',"__proto__":{"admin":true}'), '__proto__'],
        [claimsJson(',"constructor":{"prototype":{"admin":true}}'), 'constructor'],
        [claimsJson(',"\\u005f_proto__":{"admin":true}'), '__proto__'],
        [claimsJson(',"org":{"__proto__":{"admin":true}}'), '__proto__'],
        [claimsJson(',"roles":[{"constructor":1}]'), 'constructor'],
        [`{"__proto__":null,"exp":${EXP}}`, '__proto__'],
      ];
      for (const [payload, name] of cases) {
        assertCode(() => withPayload(payload), 'ERR_JWT_FORBIDDEN_MEMBER', name);
      }
      assert.equal(({} as Record<string, unknown>).admin, undefined);
    });

    it('accepts members whose names merely resemble the forbidden ones', () => {
      const claims = withPayload(claimsJson(',"proto":1,"__proto":2,"Constructor":3'));
      assert.deepEqual([claims.proto, claims.__proto, claims.Constructor], [1, 2, 3]);
    });

    it('refuses nesting deeper than 32 levels without overflowing the stack', () => {
      const deep = claimsJson(`,"x":${'['.repeat(1000)}${']'.repeat(1000)}`);
      assertCode(() => withPayload(deep), 'ERR_JWT_PAYLOAD_INVALID', 'payload');
      const objects = claimsJson(`,"x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}`);
      assertCode(() => withPayload(objects), 'ERR_JWT_PAYLOAD_INVALID', 'payload');
    });

    it('refuses a duplicate after the 16th member, past the simple parser\'s limit', () => {
      const members = Array.from({ length: 20 }, (_, i) => `,"m${i}":${i}`).join('');
      assert.equal(withPayload(claimsJson(members)).m19, 19);
      const late = claimsJson(`${members},"m3":3`);
      assertCode(() => withPayload(late), 'ERR_JWT_DUPLICATE_MEMBER', 'payload');
    });

    it('round-trips random claims sets, and refuses each with one member repeated', () => {
      const random = mulberry32(0x7f0f);
      for (let round = 0; round < 200; round++) {
        const claims = randomClaims(random);
        const json = JSON.stringify(claims);
        assert.deepEqual({ ...withPayload(json) }, claims, json);
        const names = Object.keys(claims);
        const name = names[Math.floor(random() * names.length)]!;
        const repeated = `${json.slice(0, -1)},${JSON.stringify(name)}:0}`;
        assertCode(() => withPayload(repeated), 'ERR_JWT_DUPLICATE_MEMBER', 'payload');
      }
    });

    it('returns the same members JSON.parse sees, for simple and general payloads', () => {
      const payloads = [
        claimsJson(',"n":-12,"t":true,"f":false,"z":null,"e":"","big":123456789012345'),
        claimsJson(',"big":1234567890123456789,"f":-0.5,"e":1e3,"u":"\\u00e9"'),
        `{ "sub" : "user_123" , "exp" : ${EXP} }`,
      ];
      for (const payload of payloads) {
        assert.deepEqual({ ...withPayload(payload) }, JSON.parse(payload));
      }
    });
  });
}

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

/** Claims with `exp` and up to 20 members of every JSON kind, some with escapes and colons. */
function randomClaims(random: () => number): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const value = (depth: number): unknown => {
    switch (Math.floor(random() * (depth > 2 ? 6 : 8))) {
      case 0: return Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1);
      case 1: return random() * 1e6;
      case 2: return pick(['', 'a:b', 'q"uote', 'back\\slash', 'é ✓', 'tab\t', 'http://x:1']);
      case 3: return random() < 0.5;
      case 4: return null;
      case 5: return pick([0, -0.5, 1e21, 123456789012345]);
      case 6: return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      default: return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 3) }, (_, i) => [`k${i}`, value(depth + 1)]));
    }
  };
  const claims: Record<string, unknown> = { exp: EXP };
  const count = Math.floor(random() * 20);
  for (let i = 0; i < count; i++) {
    claims[`${pick(['sub', 'app', 'scope', 'x:y', 'é', 'n'])}${i}`] = value(0);
  }
  return claims;
}
