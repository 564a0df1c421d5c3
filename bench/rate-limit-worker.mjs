// Worker for bench/rate-limit.ts: attaches to the shared table it is sent and times `ops`
// consumes on one key. Registers tsx first (loader hooks are per thread on Node 20).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { attachSharedBucketStore, createRateLimiter } = await import('../src/rate-limit/index.ts');
const { buffer, key, ops } = workerData;
const limiter = createRateLimiter({
  limit: 1e12,
  periodMs: 60_000,
  store: attachSharedBucketStore(buffer),
});
let allowed = 0;
for (let i = 0; i < ops / 10; i++) if (limiter.consume(key).allowed) allowed++; // warm-up
const start = process.hrtime.bigint();
for (let i = 0; i < ops; i++) if (limiter.consume(key).allowed) allowed++;
const ns = Number(process.hrtime.bigint() - start);
parentPort.postMessage({ ns, ops, allowed });
