// GET /v1/me under load: the reference server (API key + bucket + JWT on every request)
// against a bare node:http handler that answers the same JSON without any checks. Needs wrk
// (Debian: apt-get install wrk). Prints requests/s of each and their ratio.
//   node --import tsx bench/http.ts [seconds] [connections]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKeyAdmin, createPasswordHasher } from '../src/index.ts';
import { createReferenceServer } from '../src/server.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);

const { server, stores, guard } = createReferenceServer({
  jwtSecret: new Uint8Array(32).fill(5),
  passwordIterations: 1000,
});
const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
// A limit high enough that every request is allowed: this measures the allowed path.
await admin.createApp({ id: 'app_bench', name: 'bench', rateLimit: { limit: 1e12 } });
const { key } = await admin.createKey('app_bench');
const passwordHash = await createPasswordHasher({ iterations: 1000 }).hash('pw');
await stores.users.insert({ id: 'u', appId: 'app_bench', username: 'u', passwordHash,
  status: 'active' });
const login = await guard.login({ apiKey: key, username: 'u', password: 'pw' });
if (!login.ok) throw new Error(`setup: ${login.code}`);

const bearer = `Bearer ${login.access_token}`;
const auth = await guard.authenticate({ 'x-api-key': key, authorization: bearer });
if (!auth.ok) throw new Error(`setup: ${auth.code}`);
const { limit, remaining, resetMs } = auth.rateLimit;
const sameBody = JSON.stringify({
  app: { id: auth.app.id, name: auth.app.name },
  user: { id: auth.user.id },
  rateLimit: { limit, remaining, resetMs },
});
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(sameBody);
});

function listen(s: Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => {
    resolve((s.address() as AddressInfo).port);
  }));
}

function wrk(port: number): Promise<number> {
  const args = [`-t1`, `-c${connections}`, `-d${seconds}s`, '-H', `x-api-key: ${key}`,
    '-H', `Authorization: Bearer ${login.ok ? login.access_token : ''}`,
    `http://127.0.0.1:${port}/v1/me`];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
      if (!m || /Non-2xx/.test(out)) reject(new Error(`wrk failed or got errors:\n${out}`));
      else resolve(Number(m[1]));
    });
  });
}

const results: Record<string, number> = {};
for (const [name, s] of [['bare node:http', bare], ['twofold GET /v1/me', server]] as const) {
  const port = await listen(s);
  await wrk(port); // warm-up run, discarded
  results[name] = await wrk(port);
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
}
const [b0, t0] = [results['bare node:http']!, results['twofold GET /v1/me']!];
console.log(`node ${process.version}, wrk -t1 -c${connections} -d${seconds}s`);
console.log(`bare node:http:      ${b0.toFixed(0)} req/s`);
console.log(`twofold GET /v1/me:  ${t0.toFixed(0)} req/s`);
console.log(`ratio: ${(t0 / b0).toFixed(3)} (aim: at least 0.85)`);
