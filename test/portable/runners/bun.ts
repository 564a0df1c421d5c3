// Bun runner: the TypeScript source as Bun loads it (its conditions pick node:crypto), then the
// demo app on Bun.serve over loopback, called with fetch.
//   bun test/portable/runners/bun.ts
import { ok } from 'node:assert/strict';
import * as lib from '../../../src/index.ts';
import { createDemo } from '../app.ts';
import { httpCases } from '../http.ts';
import { createChecks } from '../harness.ts';
import type { Assert } from '../suite.ts';
import { runAndReport } from './report.ts';

// The few Bun APIs used here (the project's types are Node's).
declare const Bun: {
  readonly version: string;
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Promise<Response>;
  }): { readonly port: number; stop(force?: boolean): unknown };
};

const assert: Assert = ok;
const demo = await createDemo(lib);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: demo.handler });
try {
  const target = { baseUrl: `http://127.0.0.1:${server.port}`, apiKey: demo.apiKey };
  const results = await runAndReport({
    lib,
    assert,
    runtime: 'bun',
    version: Bun.version,
    provider: 'node',
    extra: httpCases(target, createChecks(assert), 'Bun.serve'),
  });
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
} finally {
  server.stop(true);
}
