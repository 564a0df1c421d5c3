// The Redis bucket store: decisions a second from one process with 64 calls in flight (and
// with one), beside the round-trip floor on the same connection (PING, GET) and, when the
// peers benchmark has installed it, rate-limiter-flexible's RateLimiterRedis on the same client;
// then the commands sent per decision and the server's time per call (INFO commandstats).
// Starts its own redis-server on a free loopback port, like the tests.
//   node --import tsx bench/redis.ts
import b from 'benny';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRateLimiter } from '../src/rate-limit/index.ts';
import { createRedisBucketStore } from '../src/store/redis.ts';
import type { RedisSend } from '../src/store/redis.ts';
import { connectClient, sendVia, startRedisServer } from '../test/store/fixtures/redis-server.ts';

const MINUTE = 60_000;
const IN_FLIGHT = 64;
const options = { minSamples: 20, maxTime: 3 };
let sink: unknown;

const server = await startRedisServer();
const client = await connectClient(server.port);
try {
  const commands = { sent: 0 };
  const counted: RedisSend = (command, args, key) => {
    commands.sent++;
    return sendVia(client)(command, args, key);
  };
  const store = createRedisBucketStore({ send: counted });
  const bare = createRedisBucketStore({ send: sendVia(client), timeoutMs: 0 });
  const allow = createRateLimiter({ limit: 1e12, periodMs: MINUTE, store });
  const noDeadline = createRateLimiter({ limit: 1e12, periodMs: MINUTE, store: bare });
  const deny = createRateLimiter({ limit: 1_000, periodMs: MINUTE, store });
  await deny.consume('drained', 1_000);
  const keys = Array.from({ length: 10_000 }, (_, i) => `app_${i}`);
  const peer = rateLimiterFlexible(client);
  let i = 0;
  const batch = (fn: () => unknown) => async () => {
    const calls = new Array<unknown>(IN_FLIGHT);
    for (let k = 0; k < IN_FLIGHT; k++) calls[k] = fn();
    sink = await Promise.all(calls);
  };

  await b.suite(
    `Redis bucket store (${IN_FLIGHT} calls in flight per op unless named, ${process.version})`,
    b.add('consume, 1 in flight', async () => {
      sink = await allow.consume('hot');
    }, options),
    b.add('floor: PING, 1 in flight', async () => {
      sink = await client.sendCommand(['PING']);
    }, options),
    b.add('consume, one key, allowed', batch(() => allow.consume('hot')), options),
    b.add('consume, one key, denied (drained)', batch(() => deny.consume('drained')), options),
    b.add('consume, 10,000 keys cycled', batch(() => allow.consume(keys[i++ % 10_000]!)), options),
    b.add('consume, timeoutMs: 0 (no deadline timer)', batch(() => noDeadline.consume('hot')),
      options),
    ...(peer === undefined ? [] : [
      b.add('peer: rate-limiter-flexible RateLimiterRedis (fixed window)',
        batch(() => peer.consume('hot', 1)), options),
    ]),
    b.add('floor: PING', batch(() => client.sendCommand(['PING'])), options),
    b.add('floor: GET of one key', batch(() => client.sendCommand(['GET', 'k'])), options),
    b.cycle(),
    b.complete((summary) => {
      for (const r of summary.results) {
        const perOp = r.name.includes('1 in flight') ? 1 : IN_FLIGHT;
        const perSecond = Math.round(r.ops * perOp);
        console.log(`${r.name}: ${perSecond.toLocaleString('en')} a second, ` +
          `${(1e6 / perSecond).toFixed(2)} µs each`);
      }
    }),
  );

  // Round trips per decision, once the script is cached (the first call may add an EVAL).
  await allow.consume('warm');
  commands.sent = 0;
  const decisions = 10_000;
  for (let k = 0; k < decisions; k += IN_FLIGHT) await batch(() => allow.consume('hot'))();
  const made = Math.ceil(decisions / IN_FLIGHT) * IN_FLIGHT;
  console.log(`commands per decision: ${(commands.sent / made).toFixed(3)} (${commands.sent} ` +
    `commands for ${made} decisions)`);

  // Server time per call, as Redis counts it (commands inside a script are counted too).
  const served: [string, () => unknown][] = [
    ['twofold, allowed', () => allow.consume('hot')],
    ['twofold, denied', () => deny.consume('drained')],
  ];
  if (peer !== undefined) served.push(['rate-limiter-flexible', () => peer.consume('hot', 1)]);
  for (const [name, fn] of served) {
    await client.sendCommand(['CONFIG', 'RESETSTAT']);
    for (let k = 0; k < 100; k++) await batch(fn)();
    const stats = String(await client.sendCommand(['INFO', 'commandstats']));
    const calls = [...stats.matchAll(/cmdstat_(\w+):calls=(\d+),usec=\d+,usec_per_call=([\d.]+)/g)]
      .filter(([, command]) => command !== 'config')
      .map(([, command, n, us]) => `${command} ${(Number(n) / (100 * IN_FLIGHT)).toFixed(2)} ` +
        `a decision, ${us} µs each`);
    console.log(`server time per call, ${name}: ${calls.join(', ')}`);
  }
} finally {
  client.destroy();
  await server.stop();
}
void sink;

/** rate-limiter-flexible from the peers benchmark's cache, when it is there. */
type Peer = { consume(key: string, points: number): unknown };
function rateLimiterFlexible(client: unknown): Peer | undefined {
  const cache = process.env.PEERS_CACHE ?? join(homedir(), '.cache/twofold-peers');
  try {
    const { RateLimiterRedis } = createRequire(join(cache, 'package.json'))(
      'rate-limiter-flexible',
    ) as { RateLimiterRedis: new (options: object) => Peer };
    return new RateLimiterRedis({
      storeClient: client, useRedisPackage: true, points: 1e9, duration: 60, keyPrefix: 'rlf',
    });
  } catch {
    console.log(`rate-limiter-flexible not found under ${cache}: run ../shared/peers/run once`);
    return undefined;
  }
}
