// HS256 JWT verification on the peers' inputs (../shared/peers/lib/fixtures.mjs: a 32-byte
// secret derived from a constant, the same five claims), with both crypto providers, beside the
// HMAC alone and a few other paths, in one run.
//   node --import tsx bench/jwt-verify.ts
import b from 'benny';
import { printSummary } from './summary.ts';
import { createHash, createHmac } from 'node:crypto';
import { nodeCrypto } from '../src/crypto/node.ts';
import { portableCrypto } from '../src/crypto/portable.ts';
import { createJwtVerifier } from '../src/index.ts';

const options = { minSamples: 10, maxTime: 2 };
let sink: unknown;

// Setup, outside every timed closure.
const secret = new Uint8Array(createHash('sha256').update('peers-bench-hs256-secret').digest());
const payload = {
  sub: 'user_123',
  app: 'app_42',
  iat: 1700000000,
  exp: 4102444800,
  scope: 'read write',
};
const b64url = (text: string): string => Buffer.from(text).toString('base64url');
const mac = (input: string, key: Uint8Array = secret): string =>
  createHmac('sha256', key).update(input).digest('base64url');
const forge = (header: string, claims: string, key: Uint8Array = secret): string => {
  const input = `${b64url(header)}.${b64url(claims)}`;
  return `${input}.${mac(input, key)}`;
};
const header = '{"alg":"HS256","typ":"JWT"}';
// Built the way the peers build theirs (a concatenation, which V8 keeps as a rope).
const token = forge(header, JSON.stringify(payload));
const signingInput = token.slice(0, token.lastIndexOf('.'));
const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'AB' : 'AA');
const spaced = forge(header, JSON.stringify(payload, null, 1)); // off the fast JSON path
const ringKeys = [1, 2, 3].map((i) => ({ kid: `k${i}`, secret: secret.map((x) => x ^ i) }));
const kidHeader = '{"alg":"HS256","typ":"JWT","kid":"k2"}';
const kidToken = forge(kidHeader, JSON.stringify(payload), ringKeys[1]!.secret);
const audToken = forge(header, JSON.stringify({ ...payload, aud: 'app_42' }));

const verifyNode = createJwtVerifier({ secret, crypto: nodeCrypto });
const verifyPortable = createJwtVerifier({ secret, crypto: portableCrypto });
const verifyRing = createJwtVerifier({ keys: ringKeys, crypto: nodeCrypto });
const verifyPolicy = createJwtVerifier({
  secret,
  audience: ['api', 'app_42'],
  maxLifetimeSeconds: 100 * 365 * 24 * 3600,
  requiredClaims: ['sub', 'app'],
  crypto: nodeCrypto,
});
const hmacNode = nodeCrypto.hmacSha256(secret);
const hmacPortable = portableCrypto.hmacSha256(secret);
const accepted = [
  verifyNode(token),
  verifyPortable(token),
  verifyPolicy(audToken),
  verifyRing(kidToken),
  verifyNode(spaced),
];
if (accepted.some((claims) => claims.sub !== 'user_123')) throw new Error('setup: refused');
if (hmacNode.macLatin1Base64url(signingInput) !== token.split('.')[2]) throw new Error('setup');
const refuse = (verify: (t: string) => unknown, t: string): unknown => {
  try {
    return verify(t);
  } catch (err) {
    return err;
  }
};

await b.suite(
  `HS256 JWT verify (${token.length}-char token, ${process.version})`,
  b.add('createJwtVerifier({ secret }), node provider', () => {
    sink = verifyNode(token);
  }, options),
  b.add('createJwtVerifier({ secret }), portable provider', () => {
    sink = verifyPortable(token);
  }, options),
  b.add('key ring of 3, kid in the header, node provider', () => {
    sink = verifyRing(kidToken);
  }, options),
  b.add('audience list, maxLifetimeSeconds, requiredClaims, node provider', () => {
    sink = verifyPolicy(audToken);
  }, options),
  b.add('payload with whitespace (general JSON path), node provider', () => {
    sink = verifyNode(spaced);
  }, options),
  b.add('refusing a forged MAC (ERR_JWT_SIGNATURE), node provider', () => {
    sink = refuse(verifyNode, forged);
  }, options),
  b.add('HMAC alone: node provider macLatin1Base64url', () => {
    sink = hmacNode.macLatin1Base64url(signingInput);
  }, options),
  b.add('HMAC alone: portable provider macLatin1Base64url', () => {
    sink = hmacPortable.macLatin1Base64url(signingInput);
  }, options),
  b.add("HMAC alone: createHmac('sha256', key).update(input).digest('base64url')", () => {
    sink = mac(signingInput);
  }, options),
  b.cycle(),
  b.complete(printSummary),
);
void sink;
