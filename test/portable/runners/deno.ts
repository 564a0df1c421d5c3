// Deno runner: the TypeScript source as Deno loads it. Deno (2.9) resolves `#crypto` through
// package.json `imports` with its own conditions, so no import map is needed; the provider
// case of the suite fails if that ever changes. Then the demo app on Deno.serve over
// loopback, called with fetch.
//   deno run --allow-net=127.0.0.1 test/portable/runners/deno.ts
import * as lib from '../../../src/index.ts';
import { createDemo } from '../app.ts';
import { httpCases } from '../http.ts';
import { createChecks } from '../harness.ts';
import type { Assert } from '../suite.ts';
import { runAndReport } from './report.ts';

// The few Deno APIs used here (the project's types are Node's).
declare const Deno: {
  readonly version: { readonly deno: string };
  serve(
    options: { hostname: string; port: number; onListen?: (addr: { port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): { readonly addr: { readonly port: number }; shutdown(): Promise<void> };
  exit(code: number): never;
};

const assert: Assert = (condition, message) => {
  if (!condition) throw new Error(message);
};
const demo = await createDemo(lib);
const options = { hostname: '127.0.0.1', port: 0, onListen: () => {} };
const server = Deno.serve(options, demo.handler);
let failed = true;
try {
  const target = { baseUrl: `http://127.0.0.1:${server.addr.port}`, apiKey: demo.apiKey };
  const results = await runAndReport({
    lib,
    assert,
    runtime: 'deno',
    version: Deno.version.deno,
    provider: 'node',
    extra: httpCases(target, createChecks(assert), 'Deno.serve'),
  });
  failed = results.some((r) => !r.ok);
} finally {
  await server.shutdown();
}
Deno.exit(failed ? 1 : 0);
