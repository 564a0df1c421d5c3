// The Redis stores against the exported conformance suite (records, key lifecycle, buckets and
// revocations), on a real redis-server started for this file. Every set of stores gets its own
// key prefix, so tests never see each other's data.
import { createRedisStores } from '../../src/store/redis.ts';
import { runStoreConformance } from '../../src/testing.ts';
import { useRedis } from './fixtures/redis-server.ts';

const { send, prefix } = await useRedis('conformance');
runStoreConformance(() => createRedisStores({ send, prefix: prefix() }), {
  name: 'Redis stores',
});
