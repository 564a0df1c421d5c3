// Rate limiting: consume on one key allowed, one key denied, 100,000 keys, and the shared
// store, beside a naive Map bucket (the floor) in the same run; then two worker threads on one
// shared table; then heap per key for 1,000,000 keys (a child process with --expose-gc).
//   node --import tsx bench/rate-limit.ts
import b from 'benny';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { systemClock } from '../src/clock.ts';
import { createRateLimiter, createSharedBucketStore } from '../src/rate-limit/index.ts';

const MINUTE = 60_000;
const options = { minSamples: 10, maxTime: 2 };
let sink: unknown;

if (process.argv[2] === '--memory') {
  measureMemory();
} else {
  await consumeSuite();
  await workers();
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory'],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) throw new Error('memory measurement failed');
}

async function consumeSuite(): Promise<void> {
  // Setup, outside every timed closure.
  const allow = createRateLimiter({ limit: 1e12, periodMs: MINUTE });
  const deny = createRateLimiter({ limit: 1_000, periodMs: MINUTE });
  deny.consume('hot', 1_000);
  const exact = createRateLimiter({ limit: 1e12, periodMs: MINUTE, clock: systemClock });
  const keys = Array.from({ length: 100_000 }, (_, i) => `k:${i.toString(36).padStart(6, '0')}`);
  const many = createRateLimiter({ limit: 1_000, periodMs: MINUTE });
  for (const key of keys) many.consume(key);
  const store = createSharedBucketStore();
  const shared = createRateLimiter({ limit: 1e12, periodMs: MINUTE, store });
  const naive = naiveBucket(1e12, MINUTE);
  let i = 0;

  await b.suite(
    `Rate limiter consume (memory store unless named, ${process.version})`,
    b.add('one key, every call allowed (1e12 a minute)', () => {
      sink = allow.consume('hot').allowed;
    }, options),
    b.add('one key, every call denied (1,000 a minute, drained)', () => {
      sink = deny.consume('hot').allowed;
    }, options),
    b.add('100,000 keys cycled, allowed', () => {
      sink = many.consume(keys[i++ % 100_000]!).allowed;
    }, options),
    b.add('one key allowed, clock: systemClock (Date.now each call)', () => {
      sink = exact.consume('hot').allowed;
    }, options),
    b.add('one key allowed, shared store, one thread', () => {
      sink = shared.consume('hot').allowed;
    }, options),
    b.add('naive Map<string,{tokens,last}> bucket + Date.now (floor)', () => {
      sink = naive('hot');
    }, options),
    b.cycle(),
  );
}

/** Two workers on one shared table: a contended key, then one key each. */
async function workers(): Promise<void> {
  const store = createSharedBucketStore({ maxKeys: 16 });
  const url = new URL('./rate-limit-worker.mjs', import.meta.url);
  for (const contended of [true, false]) {
    const runs = [0, 1].map((id) => new Promise<{ ns: number; ops: number }>((resolve, reject) => {
      const key = contended ? 'hot' : `own-${id}`;
      const worker = new Worker(url, { workerData: { buffer: store.buffer, key, ops: 2_000_000 } });
      worker.once('message', resolve);
      worker.once('error', reject);
    }));
    const got = await Promise.all(runs);
    const perOp = got.map((r) => r.ns / r.ops);
    const total = got.reduce((sum, r) => sum + r.ops / (r.ns / 1e9), 0);
    console.log(
      `shared store, 2 workers, ${contended ? 'one contended key' : 'a key each'}: ` +
        `${perOp.map((ns) => ns.toFixed(0)).join(' / ')} ns/op per worker, ` +
        `${(total / 1e6).toFixed(1)} M ops/s together`,
    );
  }
}

/** Heap and buffer bytes per key for 1,000,000 keys (key strings made before the baseline). */
function measureMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const keys = Array.from({ length: 1_000_000 }, (_, i) => `k:${i.toString(36).padStart(6, '0')}`);
  const cases: Array<[string, () => (key: string) => unknown]> = [
    ['memory store', () => {
      const limiter = createRateLimiter({ limit: 1_000, periodMs: MINUTE });
      return (key) => limiter.consume(key);
    }],
    ['shared store (maxKeys 1,000,000)', () => {
      const limiter = createRateLimiter({
        limit: 1_000, periodMs: MINUTE, store: createSharedBucketStore({ maxKeys: 1_000_000 }),
      });
      return (key) => limiter.consume(key);
    }],
    ['naive Map bucket', () => naiveBucket(1_000, MINUTE)],
  ];
  for (const [name, make] of cases) {
    for (let n = 0; n < 4; n++) gc();
    const before = process.memoryUsage();
    const consume = make();
    for (const key of keys) consume(key);
    for (let n = 0; n < 4; n++) gc();
    const after = process.memoryUsage();
    sink = consume;
    const heap = (after.heapUsed - before.heapUsed) / keys.length;
    const buffers = (after.arrayBuffers - before.arrayBuffers) / keys.length;
    console.log(`${name}, 1M keys: ${heap.toFixed(1)} B/key heap, ${buffers.toFixed(1)} buffers`);
  }
}

/** The floor the peers benchmark uses: a Map of objects with float refill math. */
function naiveBucket(capacity: number, periodMs: number): (key: string) => boolean {
  const perMs = capacity / periodMs;
  const buckets = new Map<string, { tokens: number; last: number }>();
  return (key) => {
    const now = Date.now();
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      buckets.set(key, { tokens: capacity - 1, last: now });
      return true;
    }
    const tokens = Math.min(capacity, bucket.tokens + (now - bucket.last) * perMs);
    bucket.last = now;
    bucket.tokens = tokens >= 1 ? tokens - 1 : tokens;
    return tokens >= 1;
  };
}
void sink;
