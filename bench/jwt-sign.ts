// HS256 JWT signing on the peers' inputs (../shared/peers/lib/fixtures.mjs: a 32-byte secret
// derived from a constant, the same five claims), with both crypto providers, beside the HMAC
// alone and the usual createHmac + Buffer way, in one run.
//   node --import tsx bench/jwt-sign.ts
import b from 'benny';
import { printSummary } from './summary.ts';
import { createHash, createHmac } from 'node:crypto';
import { nodeCrypto } from '../src/crypto/node.ts';
import { portableCrypto } from '../src/crypto/portable.ts';
import { createJwtSigner, systemClock } from '../src/index.ts';

const options = { minSamples: 10, maxTime: 2 };
let sink: unknown;

// Setup, outside every timed closure.
const secret = new Uint8Array(createHash('sha256').update('peers-bench-hs256-secret').digest());
const payload = Object.freeze({
  sub: 'user_123',
  app: 'app_42',
  iat: 1700000000,
  exp: 4102444800,
  scope: 'read write',
});
const headerB64 = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const reference = (claims: object): string => {
  const input = `${headerB64}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const signNode = createJwtSigner({ secret, crypto: nodeCrypto });
const signPortable = createJwtSigner({ secret, crypto: portableCrypto });
const signIssued = createJwtSigner({
  secret,
  issuer: 'https://auth.example',
  audience: 'api',
  ttlSeconds: 900,
  clock: systemClock,
  crypto: nodeCrypto,
});
const { iat, exp, ...identity } = payload;
void iat;
void exp;
const hmac = nodeCrypto.hmacSha256(secret);
const signingInput = reference(payload).slice(0, reference(payload).lastIndexOf('.'));
if (signNode(payload) !== reference(payload) || signPortable(payload) !== reference(payload)) {
  throw new Error('setup: not the reference token');
}

await b.suite(
  `HS256 JWT sign (5 claims, ${process.version})`,
  b.add('createJwtSigner({ secret }), node provider', () => {
    sink = signNode(payload);
  }, options),
  b.add('createJwtSigner({ secret }), portable provider', () => {
    sink = signPortable(payload);
  }, options),
  b.add('issuer, audience, ttlSeconds (iat, exp from the clock), node provider', () => {
    sink = signIssued(identity);
  }, options),
  b.add('HMAC alone: node provider macLatin1Base64url', () => {
    sink = hmac.macLatin1Base64url(signingInput);
  }, options),
  b.add('createHmac + Buffer base64url, hand-rolled', () => {
    sink = reference(payload);
  }, options),
  b.cycle(),
  b.complete(printSummary),
);
void sink;
