// The Redis bucket store: decisions a second from one process with 64 calls in flight (and
// with one), beside the round-trip floor on the same connection (PING, GET), and the commands
// sent per decision. Starts its own redis-server on a free loopback port, like the tests.
//   node --import tsx bench/redis.ts
import b from 'benny';
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
  let i = 0;
  const batch = (fn: () => unknown) => async () => {
    const calls = new Array<unknown>(IN_FLIGHT);
    for (let k = 0; k < IN_FLIGHT; k++) calls[k] = fn();
    sink = await Promise.all(calls);
  };

  await b.suite(
    `Redis bucket store (${IN_FLIGHT} calls in flight per op unless named, ${process.version})`,
    b.add('consume, one key, allowed', batch(() => allow.consume('hot')), options),
    b.add('consume, one key, denied (drained)', batch(() => deny.consume('drained')), options),
    b.add('consume, 10,000 keys cycled', batch(() => allow.consume(keys[i++ % 10_000]!)), options),
    b.add('consume, timeoutMs: 0 (no deadline timer)', batch(() => noDeadline.consume('hot')),
      options),
    b.add('floor: PING', batch(() => client.sendCommand(['PING'])), options),
    b.add('floor: GET of one key', batch(() => client.sendCommand(['GET', 'k'])), options),
    b.add('consume, 1 in flight', async () => {
      sink = await allow.consume('hot');
    }, options),
    b.add('floor: PING, 1 in flight', async () => {
      sink = await client.sendCommand(['PING']);
    }, options),
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
} finally {
  client.destroy();
  await server.stop();
}
void sink;
