// The Redis stores against the exported conformance suite (records, key lifecycle, buckets and
// revocations), on a real redis-server started for this file. Every set of stores gets its own
// key prefix, so tests never see each other's data.
import { after } from 'node:test';
import { createRedisStores } from '../../src/store/redis.ts';
import { runStoreConformance } from '../../src/testing.ts';
import { connectClient, sendVia, startRedisServer } from './fixtures/redis-server.ts';

const server = await startRedisServer();
const client = await connectClient(server.port);
after(async () => {
  client.destroy();
  await server.stop();
});

const send = sendVia(client);
let n = 0;
runStoreConformance(() => createRedisStores({ send, prefix: `conformance${++n}:` }), {
  name: 'Redis stores',
});
