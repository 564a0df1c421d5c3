// The token cache keeps each token, not the header it was sliced from (a review finding).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createJwtSigner } from '../../src/jwt/index.ts';
import { SECRET, headers, makeWorld } from '../guard/world.ts';
import type { World } from '../guard/world.ts';

// A full collection on demand, without starting node with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

const TOKENS = 1000;
// Spaces between `Bearer` and the token are allowed (readBearer skips them). 15,000 of them
// still fit Node's default 16 KiB header limit, so any client of the reference server can send
// them.
const PADDING = 15_000;

// Heap kept by a guard after it cached `TOKENS` distinct valid tokens, each sent once with
// `padding` spaces after `Bearer`. The world (and with it the guard and its caches) is returned
// so it stays reachable while the heap is measured.
async function retainedBytes(padding: number): Promise<[number, World]> {
  const world = await makeWorld({ rateLimit: { limit: 1_000_000, periodMs: 60_000 } });
  const sign = createJwtSigner({
    secret: SECRET,
    issuer: 'twofold',
    ttlSeconds: 3600,
    clock: world.clock,
  });
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS; i++) {
    tokens.push(sign({ sub: 'user_app_one', app: world.appId, jti: `j${i}` }));
  }
  const spaces = ' '.repeat(padding);
  const before = heapUsed();
  for (const token of tokens) {
    // A fresh flat string per request, as an HTTP parser hands over a header value.
    const h = headers(world.key, `${spaces}${token}`);
    h.authorization = Buffer.from(h.authorization!, 'latin1').toString('latin1');
    const result = await world.guard.authenticate(h);
    assert.ok(result.ok, result.ok ? '' : result.code);
  }
  return [heapUsed() - before, world];
}

describe('token cache memory', () => {
  it('keeps only the token per cached entry, not the whole Authorization header', async () => {
    const [plain, w1] = await retainedBytes(0);
    const [padded, w2] = await retainedBytes(PADDING);
    // Each entry holds a ~250-character token. A token sliced out of a padded header keeps the
    // whole header alive (a V8 sliced string), about 15 KB per entry here and up to the
    // runtime's header limit in general: 10,000 default entries could pin ~160 MB.
    const extraPerEntry = (padded - plain) / TOKENS;
    assert.ok(
      extraPerEntry < 2_000,
      `each cached token retained ${Math.round(extraPerEntry)} extra bytes of padding`,
    );
    assert.ok(w1.guard && w2.guard);
  });
});
