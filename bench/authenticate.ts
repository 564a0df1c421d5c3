// guard.authenticate on the memory stores: header read, API key verify, the app's bucket, JWT
// verify, app binding, revocation check and the RateLimit headers, i.e. a whole request's auth.
// With the guard's default caches (a token and key seen before) and without them.
//   node --import tsx bench/authenticate.ts
import b from 'benny';
import {
  createApiKeyAdmin,
  createGuard,
  createMemoryStores,
  createPasswordHasher,
} from '../src/index.ts';

const options = { minSamples: 10, maxTime: 3 };
let sink: unknown;

// Setup, outside the timed closures: two apps, one with a limit so high that every call is
// allowed (the hot path), one with the default 1,000 a minute, drained (the denied path).
const stores = createMemoryStores();
const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
const passwords = createPasswordHasher({ iterations: 1000 });
const flat = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');
const jwt = { secret: new Uint8Array(32).fill(1) };
const guard = createGuard({ stores, jwt, password: passwords });
// The same guard without its caches: every request hashes the key and verifies the JWT in full.
const noCache = { tokens: 0, apiKeys: 0 };
const uncached = createGuard({ stores, jwt, password: passwords, cache: noCache });

async function appWithToken(id: string, rateLimit?: { limit: number }) {
  await admin.createApp({ id, name: id, ...(rateLimit ? { rateLimit } : {}) });
  const key = flat((await admin.createKey(id)).key);
  const passwordHash = await passwords.hash('pw');
  await stores.users.insert({ id: `u_${id}`, appId: id, username: 'u', passwordHash,
    status: 'active' });
  const login = await guard.login({ apiKey: key, username: 'u', password: 'pw' });
  if (!login.ok) throw new Error(`setup: ${login.code}`);
  return { 'x-api-key': key, authorization: flat(`Bearer ${login.access_token}`) };
}

const hot = await appWithToken('app_hot', { limit: 1e9 });
const drained = await appWithToken('app_drained');
for (let i = 0; i < 1000; i++) await guard.authenticate(drained);
const check = [await guard.authenticate(hot), await guard.authenticate(drained)];
if (!check[0]!.ok || check[1]!.ok) throw new Error('setup: expected allowed, then denied');

await b.suite(
  `guard.authenticate (memory stores, ${process.version})`,
  b.add('allowed: key + bucket + JWT', async () => {
    sink = await guard.authenticate(hot);
  }, options),
  b.add('allowed, no caches: key hash + bucket + full JWT verify', async () => {
    sink = await uncached.authenticate(hot);
  }, options),
  b.add('denied: key + bucket (429, JWT not checked)', async () => {
    sink = await guard.authenticate(drained);
  }, options),
  b.cycle(),
  b.complete((summary) => {
    const [allowed, cold] = [summary.results[0]!.ops, summary.results[1]!.ops];
    console.log(`\nauthentications/s: ${allowed.toLocaleString('en')} (bar: 250,000); ` +
      `without caches: ${cold.toLocaleString('en')}`);
  }),
);
void sink;
