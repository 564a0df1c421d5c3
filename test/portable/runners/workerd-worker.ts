// The worker the workerd runner bundles: GET /__suite runs the portable suite and answers the
// results with a key of the demo app; every other request goes to the demo app, so the runner
// can call it over HTTP. The demo is built on the first request, because workerd refuses
// random numbers (key generation) at module scope.
import * as lib from '../../../src/index.ts';
import { createDemo } from '../app.ts';
import type { Demo } from '../app.ts';
import { runPortableSuite } from '../suite.ts';
import type { Assert, ProviderName } from '../suite.ts';

const assert: Assert = (condition, message) => {
  if (!condition) throw new Error(message);
};
let demo: Demo | undefined;

export default {
  async fetch(request: Request, env: { PROVIDER: ProviderName }): Promise<Response> {
    demo ??= await createDemo(lib);
    if (new URL(request.url).pathname !== '/__suite') return demo.handler(request);

    const results = await runPortableSuite(lib, assert, { provider: env.PROVIDER });
    const body = { results, provider: lib.defaultCrypto.name, apiKey: demo.apiKey };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  },
};
