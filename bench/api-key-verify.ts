// API key verification on the memory stores: parse (charset, prefix, length, CRC-32), hash
// (SHA-256 hex), look up the key and its app. Beside it, hashApiKey against the usual
// `createHash('sha256').update(key).digest('hex')`, in the same run.
//   node --import tsx bench/api-key-verify.ts
import b from 'benny';
import { createHash } from 'node:crypto';
import {
  createApiKeyAdmin,
  createApiKeyParser,
  createApiKeyVerifier,
  createMemoryStores,
  hashApiKey,
} from '../src/index.ts';

const options = { minSamples: 10, maxTime: 2 };
let sink: unknown;

// Setup, outside every timed closure: one app, one key, plus 999 other keys in the store.
const stores = createMemoryStores();
const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
const app = await admin.createApp({ name: 'bench' });
// A key read from a request header is a flat string; one built by concatenation is not, and
// reading a character of a rope costs more. Flatten it as the HTTP parser would have.
const key = Buffer.from((await admin.createKey(app.id)).key, 'latin1').toString('latin1');
for (let i = 0; i < 999; i++) await admin.createKey(app.id);
const verifier = createApiKeyVerifier({ stores, prefixes: ['tf_live'] });
const parser = createApiKeyParser({ prefixes: ['tf_live'] });
const first = verifier.verify(key);
if (first instanceof Promise || !first.ok) throw new Error('setup: expected a synchronous ok');
if (hashApiKey(key) !== createHash('sha256').update(key).digest('hex')) throw new Error('digest');
const badChecksum = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');

await b.suite(
  `API key verify (${key.length}-char key, memory stores, ${process.version})`,
  b.add('verify: parse + SHA-256 + key lookup + app lookup', () => {
    sink = verifier.verify(key);
  }, options),
  b.add('verify, rejected by the checksum (no lookup)', () => {
    sink = verifier.verify(badChecksum);
  }, options),
  b.add('parse only', () => {
    sink = parser.parse(key);
  }, options),
  b.add('hashApiKey(key)', () => {
    sink = hashApiKey(key);
  }, options),
  b.add("createHash('sha256').update(key).digest('hex')", () => {
    sink = createHash('sha256').update(key).digest('hex');
  }, options),
  b.cycle(),
  b.complete((summary) => {
    const ops = Object.fromEntries(summary.results.map((r) => [r.name, r.ops]));
    const verify = ops['verify: parse + SHA-256 + key lookup + app lookup']!;
    const ratio = ops['hashApiKey(key)']! / ops["createHash('sha256').update(key).digest('hex')"]!;
    console.log(`\nverifications/s: ${verify.toLocaleString('en')} (bar: 1,000,000)`);
    console.log(`hashApiKey vs createHash hex: ${ratio.toFixed(2)}x (bar: 2x)`);
  }),
);
void sink;
