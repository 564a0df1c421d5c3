// The provider the export conditions picked: its name, then the FIPS 180-4 and RFC 4231 vectors
// through every method of the CryptoProvider interface.
import {
  hmacTruncated,
  hmacVectors,
  millionA,
  sha256Vectors,
} from '../../fixtures/sha256-vectors.ts';
import type { Case } from '../harness.ts';
import type { SuiteContext } from '../context.ts';
import { bytesToBase64url, bytesToHex, hexToBytes } from '../encoding.ts';

export function cryptoCases({ lib, check, provider }: SuiteContext): Case[] {
  const crypto = lib.defaultCrypto;
  const utf8 = (text: string) => new TextEncoder().encode(text);

  const cases: Case[] = [
    {
      name: `the export conditions pick the ${provider} provider`,
      run: () => check.equal(crypto.name, provider, 'defaultCrypto.name'),
    },
    {
      name: 'sha256 and sha256Hex give the FIPS 180-4 examples',
      run: () => {
        for (const v of sha256Vectors) {
          check.equal(bytesToHex(crypto.sha256(utf8(v.input))), v.hex, `sha256(${v.name})`);
          check.equal(crypto.sha256Hex(v.input), v.hex, `sha256Hex(${v.name})`);
        }
      },
    },
    {
      name: 'sha256 of one million "a" gives the FIPS 180-4 long-message digest',
      run: () => {
        const input = new Uint8Array(1_000_000).fill(0x61);
        check.equal(bytesToHex(crypto.sha256(input)), millionA.hex, 'sha256(1e6 x "a")');
      },
    },
    {
      name: 'sha256Hex hashes the UTF-8 bytes of non-ASCII text',
      run: () => {
        const text = 'zwölf Boxkämpfer 🥊';
        check.equal(crypto.sha256Hex(text), bytesToHex(crypto.sha256(utf8(text))), 'sha256Hex');
      },
    },
  ];

  for (const v of hmacVectors) {
    cases.push({
      name: `hmacSha256 gives ${v.name}`,
      run: () => {
        const mac = crypto.hmacSha256(hexToBytes(v.key)).mac(hexToBytes(v.data));
        check.equal(bytesToHex(mac), v.mac, 'mac');
      },
    });
  }

  cases.push(
    {
      name: 'hmacSha256 gives RFC 4231 test case 5 (truncated to 128 bits)',
      run: () => {
        const mac = crypto.hmacSha256(hexToBytes(hmacTruncated.key)).mac(
          hexToBytes(hmacTruncated.data),
        );
        check.equal(bytesToHex(mac).slice(0, 32), hmacTruncated.mac128, 'mac128');
      },
    },
    {
      name: 'macLatin1Base64url and macHex agree with mac for the same key',
      run: () => {
        const v = hmacVectors[1]!;
        const key = crypto.hmacSha256(hexToBytes(v.key));
        const text = 'what do ya want for nothing?';
        check.equal(key.macLatin1Base64url(text), bytesToBase64url(hexToBytes(v.mac)), 'base64url');
        check.equal(key.macHex(text), v.mac, 'macHex');
        // A prepared key gives the same MAC on every call (no state leaks between calls).
        check.equal(key.macHex('other'), key.macHex('other'), 'repeat');
        check.equal(key.macHex(text), v.mac, 'macHex after other input');
      },
    },
  );
  return cases;
}
