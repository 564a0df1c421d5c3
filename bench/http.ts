// GET /v1/me under load: the reference server (API key + bucket + JWT on every request)
// against a bare node:http handler that answers the same JSON without any checks. Needs wrk
// (Debian: apt-get install wrk). Prints requests/s of each and their ratio.
//   node --import tsx bench/http.ts [seconds per run] [connections] [rounds]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { createApiKeyAdmin, createPasswordHasher } from '../src/index.ts';
import { createReferenceServer } from '../src/server.ts';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 7);

const { server, stores, guard } = createReferenceServer({
  jwtSecret: new Uint8Array(32).fill(5),
  passwordIterations: 1000,
});
const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
// A limit high enough that every request is allowed: this measures the allowed path. A billion
// a minute keeps the header and body numbers in small-integer range, as real limits are.
await admin.createApp({ id: 'app_bench', name: 'bench', rateLimit: { limit: 1e9 } });
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

// With two or more CPUs and taskset (Linux), this process and wrk get a CPU each, so the
// scheduler does not move them onto one another mid-run.
const pinned = cpus().length >= 2 && spawnSync('taskset', ['-p', '-c', '0', String(process.pid)],
  { stdio: 'ignore' }).status === 0;

function wrk(port: number, duration = seconds): Promise<number> {
  const args = [`-t1`, `-c${connections}`, `-d${duration}s`, '-H', `x-api-key: ${key}`,
    '-H', `Authorization: Bearer ${login.ok ? login.access_token : ''}`,
    `http://127.0.0.1:${port}/v1/me`];
  return new Promise((resolve, reject) => {
    const child = pinned ? spawn('taskset', ['-c', '1', 'wrk', ...args]) : spawn('wrk', args);
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

// Alternating rounds, each server warmed up first: the machine's drift hits both alike, and
// the median of the per-round ratios is the figure.
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const [barePort, ourPort] = [await listen(bare), await listen(server)];
await wrk(barePort, 2);
await wrk(ourPort, 2);
const rows: Array<[number, number]> = [];
for (let i = 0; i < rounds; i++) rows.push([await wrk(barePort), await wrk(ourPort)]);
for (const s of [bare, server]) {
  s.closeAllConnections();
  s.close();
}

const pin = pinned ? ', server on CPU 0 and wrk on CPU 1' : '';
const load = `wrk -t1 -c${connections} -d${seconds}s`;
console.log(`node ${process.version}, ${load}, ${rounds} rounds${pin}`);
for (const [b0, t0] of rows) {
  const ratio = (t0 / b0).toFixed(3);
  console.log(`  bare ${b0.toFixed(0)} req/s, twofold ${t0.toFixed(0)} req/s: ${ratio}`);
}
const b = median(rows.map((r) => r[0]));
const t = median(rows.map((r) => r[1]));
console.log(`bare node:http:      ${b.toFixed(0)} req/s (median)`);
console.log(`twofold GET /v1/me:  ${t.toFixed(0)} req/s (median)`);
const ratio = median(rows.map(([b0, t0]) => t0 / b0));
console.log(`ratio: ${ratio.toFixed(3)} (median of the rounds; aim: at least 0.85)`);
