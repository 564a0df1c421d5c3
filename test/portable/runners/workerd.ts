// workerd runner (a Node script driving workerd): bundles runners/workerd-worker.ts with
// esbuild, serves it with workerd on loopback, asks it to run the suite, then calls the demo
// app over HTTP from here.
//
//   node --import tsx test/portable/runners/workerd.ts off      # nodejs_compat off: portable
//   node --import tsx test/portable/runners/workerd.ts on       # nodejs_compat on: node:crypto
//   node --import tsx test/portable/runners/workerd.ts on-2024  # the same, an early date
//
// Before the 2024-09-23 compatibility date, nodejs_compat offers node:buffer but no global
// Buffer; the early-date run keeps the node:crypto provider from relying on that global.
// The package's `workerd` condition picks the portable provider (what Wrangler resolves). With
// nodejs_compat on, the worker is bundled with the `node` condition instead, as a build for a
// Node-compatible target would be, so that node:crypto runs inside workerd too. The binary is
// $TWOFOLD_WORKERD, else `workerd` on the PATH.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, freePort, start, tempDir, waitForServer } from '../../runtimes/support.ts';
import { createChecks, formatResult, reportLine, runCases } from '../harness.ts';
import type { Assert, CaseResult } from '../harness.ts';
import { httpCases } from '../http.ts';
import { runtimeLabel } from './report.ts';

const EARLY_DATE = '2024-01-01';

const mode = process.argv[2] ?? 'off';
const compat = mode !== 'off';
const compatibilityDate = mode === 'on-2024' ? EARLY_DATE : '2025-06-01';
const provider = compat ? 'node' : 'portable';
const workerd = process.env.TWOFOLD_WORKERD ?? 'workerd';
const variant = `nodejs_compat ${compat ? 'on' : 'off'}` +
  (compatibilityDate === EARLY_DATE ? `, date ${EARLY_DATE}` : '');
const version = execFileSync(workerd, ['--version'], { encoding: 'utf8' }).trim()
  .replace(/^workerd\s+/, '');

const dir = tempDir('workerd');
const port = await freePort();
await build({
  entryPoints: [join(ROOT, 'test/portable/runners/workerd-worker.ts')],
  outfile: join(dir.path, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: compat ? ['node'] : ['workerd', 'worker'],
  external: ['node:*'],
  logLevel: 'error',
});
const template = readFileSync(join(ROOT, 'test/runtimes/workerd/config.capnp'), 'utf8');
const fill: Record<string, string> = {
  port: String(port),
  compatibilityDate,
  compatibilityFlags: compat ? '"nodejs_compat"' : '',
  provider,
};
const config = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => fill[name]!);
writeFileSync(join(dir.path, 'config.capnp'), config);

const server = start(workerd, ['serve', 'config.capnp'], dir.path);
const baseUrl = `http://127.0.0.1:${port}`;
const print = (line: string) => console.log(line);
let results: CaseResult[] = [];
let reported = provider as string;
try {
  await waitForServer(`${baseUrl}/healthz`, server);
  const answer = await fetch(`${baseUrl}/__suite`);
  if (!answer.ok) throw new Error(`/__suite answered ${answer.status}: ${await answer.text()}`);
  type Suite = { results: CaseResult[]; provider: string; apiKey: string };
  const suite = (await answer.json()) as Suite;
  suite.results.forEach((r) => print(formatResult(r)));
  reported = suite.provider;

  const assert: Assert = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  const http = httpCases({ baseUrl, apiKey: suite.apiKey }, createChecks(assert), 'workerd');
  results = [...suite.results, ...(await runCases(http, (r) => print(formatResult(r))))];
} catch (err) {
  print(`not ok - workerd ran the suite: ${(err as Error).message}`);
  print(server.output().trim());
  results = [...results, { name: 'workerd ran the suite', ok: false, error: String(err) }];
} finally {
  await server.stop();
  dir.remove();
}

const label = runtimeLabel('workerd', provider, variant);
print(reportLine({ label, runtime: 'workerd', version, provider: reported }, results));
process.exitCode = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
