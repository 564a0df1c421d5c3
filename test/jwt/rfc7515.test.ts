// RFC 7515 Appendix A.1 as a known-answer test, with both crypto providers.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { createJwtVerifier, signJwsSegments } from '../../src/jwt/index.ts';
import { rfc7515A1, rfc7515A1Token } from '../fixtures/jwt-rfc7515.ts';
import { assertCode, fakeClock, providers, withTrailingBits } from '../fixtures/jwt-tokens.ts';

const key = new Uint8Array(Buffer.from(rfc7515A1.k, 'base64url'));

describe('RFC 7515 Appendix A.1 fixture', () => {
  it('has a 64-byte key and a header segment that encodes the listed octets', () => {
    assert.equal(key.length, 64);
    const header = Buffer.from(rfc7515A1.headerB64, 'base64url');
    assert.deepEqual([...header], rfc7515A1.headerOctets);
    assert.equal(header.toString('latin1'), '{"typ":"JWT",\r\n "alg":"HS256"}');
  });
});

for (const crypto of providers) {
  describe(`RFC 7515 A.1 with the ${crypto.name} provider`, () => {
    const verifierAt = (seconds: number) =>
      createJwtVerifier({ secret: key, clock: fakeClock(seconds * 1000), crypto });

    it('verifies the token one second before its exp and returns its claims', () => {
      const claims = verifierAt(rfc7515A1.exp - 1)(rfc7515A1Token);
      assert.deepEqual({ ...claims }, {
        iss: 'joe',
        exp: 1300819380,
        'http://example.com/is_root': true,
      });
    });

    it('verifies the token one millisecond before its exp', () => {
      const verify = createJwtVerifier({
        secret: key,
        clock: fakeClock(rfc7515A1.exp * 1000 - 1),
        crypto,
      });
      assert.equal(verify(rfc7515A1Token).exp, rfc7515A1.exp);
    });

    it('refuses the token at its exp with ERR_JWT_EXPIRED', () => {
      assertCode(() => verifierAt(rfc7515A1.exp)(rfc7515A1Token), 'ERR_JWT_EXPIRED', 'exp');
    });

    it('refuses the token after its exp with ERR_JWT_EXPIRED', () => {
      assertCode(() => verifierAt(rfc7515A1.exp + 3600)(rfc7515A1Token), 'ERR_JWT_EXPIRED');
    });

    it('refuses the token with its last character k changed to l as non-canonical', () => {
      assert.equal(rfc7515A1Token.at(-1), 'k');
      const altered = rfc7515A1Token.slice(0, -1) + 'l';
      assert.equal(withTrailingBits(rfc7515A1.signature), altered.split('.')[2]);
      // k and l differ only in the 2 unused bits: the bytes decoded are the same MAC.
      const mac = Buffer.from(rfc7515A1.signature, 'base64url');
      assert.deepEqual(Buffer.from(altered.split('.')[2]!, 'base64url'), mac);
      assertCode(() => verifierAt(rfc7515A1.exp - 1)(altered), 'ERR_JWT_BASE64', 'signature');
    });

    it('refuses the token under another 64-byte key with ERR_JWT_SIGNATURE', () => {
      const other = key.map((b) => b ^ 1);
      const verify = createJwtVerifier({
        secret: other,
        clock: fakeClock((rfc7515A1.exp - 1) * 1000),
        crypto,
      });
      assertCode(() => verify(rfc7515A1Token), 'ERR_JWT_SIGNATURE');
    });
  });

  describe(`signJwsSegments with the ${crypto.name} provider`, () => {
    it('reproduces the A.1 signature from its raw header and payload segments', () => {
      const { headerB64, payloadB64, signature } = rfc7515A1;
      assert.equal(signJwsSegments(headerB64, payloadB64, key, crypto), signature);
    });

    it('refuses segments that are not canonical base64url with a TypeError', () => {
      const { headerB64, payloadB64 } = rfc7515A1;
      assert.throws(() => signJwsSegments(headerB64 + '=', payloadB64, key, crypto), TypeError);
      assert.throws(() => signJwsSegments(headerB64, `${payloadB64} `, key, crypto), TypeError);
      assert.throws(() => signJwsSegments('', payloadB64, key, crypto), TypeError);
    });

    it('refuses a key shorter than 32 bytes with a RangeError', () => {
      const { headerB64, payloadB64 } = rfc7515A1;
      const short = key.subarray(0, 31);
      assert.throws(() => signJwsSegments(headerB64, payloadB64, short, crypto), RangeError);
    });
  });
}
