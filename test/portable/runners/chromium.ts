// Chromium runner (a Node script driving headless Chromium over the DevTools protocol): builds
// the library (`npm run build`), checks that its browser module graph holds no `node:` import,
// serves dist/ and a page on loopback, and reads the suite's results from the page's DOM.
//
//   node --experimental-websocket --import tsx test/portable/runners/chromium.ts
//
// The browser is $TWOFOLD_CHROMIUM, else `chromium` on the PATH.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchChromium, openPage, readReport } from '../../runtimes/chromium/browser.ts';
import type { Browser } from '../../runtimes/chromium/browser.ts';
import { servePage } from '../../runtimes/chromium/serve.ts';
import type { PageServer } from '../../runtimes/chromium/serve.ts';
import { browserImportMap, moduleGraph } from '../../runtimes/module-graph.ts';
import { ROOT, tempDir } from '../../runtimes/support.ts';
import { createChecks, formatResult, reportLine, runCases } from '../harness.ts';
import type { Assert, Case, CaseResult } from '../harness.ts';
import { runtimeLabel } from './report.ts';

const PAGE_TIMEOUT_MS = 90_000;

const chromium = process.env.TWOFOLD_CHROMIUM ?? 'chromium';
const dist = join(ROOT, 'dist');
const print = (line: string) => console.log(line);
const assert: Assert = (condition, message) => {
  if (!condition) throw new Error(message);
};
const check = createChecks(assert);

const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
if (built.status !== 0) {
  print(`${built.stdout}\n${built.stderr}`.trim());
  print('not ok - npm run build failed: the browser runs the built library');
  process.exit(1);
}

const graphCases: Case[] = [
  {
    name: 'the browser module graph of dist/ imports no node: module and not crypto/node.js',
    run: async () => {
      const graph = await moduleGraph(dist, ['browser']);
      check.equal(graph.external, [], 'imports left out of the browser graph');
      check.equal(graph.files.includes('crypto/portable.js'), true, 'reaches crypto/portable.js');
      check.equal(graph.files.includes('crypto/node.js'), false, 'reaches crypto/node.js');
    },
  },
  {
    name: 'the same walk under the node condition does find node:crypto (the check can fail)',
    run: async () => {
      const graph = await moduleGraph(dist, ['node']);
      const found = graph.external.includes('node:crypto (from dist/crypto/node.js)');
      check.equal(found, true, `node:crypto among ${graph.external.join(', ')}`);
    },
  },
];
const results: CaseResult[] = await runCases(graphCases, (r) => print(formatResult(r)));

const work = tempDir('chromium');
const profile = tempDir('chromium-profile');
let server: PageServer | undefined;
let browser: Browser | undefined;
let provider = 'portable';
try {
  const suiteFile = join(work.path, 'suite.js');
  await build({
    entryPoints: [join(ROOT, 'test/portable/runners/chromium-page.ts')],
    outfile: suiteFile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  const distPackage = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
  const page = readFileSync(join(ROOT, 'test/runtimes/chromium/index.html'), 'utf8')
    .replace('{{importMap}}', JSON.stringify(browserImportMap(distPackage, '/dist/')));
  server = await servePage(page, suiteFile, ROOT);

  browser = await launchChromium(chromium, profile.path, ROOT);
  const { session, problems } = await openPage(browser.cdp, server.url);
  const report = JSON.parse(await readReport(browser.cdp, session, PAGE_TIMEOUT_MS)) as {
    results?: CaseResult[];
    provider?: string;
    error?: string;
  };
  if (report.error !== undefined || report.results === undefined) {
    throw new Error(`the page failed: ${report.error}\n${problems.join('\n')}`);
  }
  provider = report.provider ?? provider;
  report.results.forEach((r) => print(formatResult(r)));
  results.push(...report.results);

  const requested = server.requested;
  const loaded = await runCases([{
    name: 'the page loaded the library from dist/ alone: crypto/portable.js, never node.js',
    run: () => {
      const modules = requested.filter((p) => p.endsWith('.js'));
      check.equal(modules.filter((p) => !p.startsWith('/dist/') && p !== '/suite.js'), [],
        'modules from elsewhere');
      check.equal(modules.includes('/dist/crypto/portable.js'), true, 'crypto/portable.js');
      check.equal(modules.includes('/dist/crypto/node.js'), false, 'crypto/node.js');
    },
  }], (r) => print(formatResult(r)));
  results.push(...loaded);
  // Let Chromium close on its own, so that it is done with its profile before the removal.
  await browser.cdp.send('Browser.close').catch(() => {});
  browser.cdp.close();
  await Promise.race([browser.program.exited, new Promise((r) => setTimeout(r, 5000))]);
} catch (err) {
  print(`not ok - Chromium ran the suite: ${(err as Error).message}`);
  results.push({ name: 'Chromium ran the suite', ok: false, error: String(err) });
} finally {
  await browser?.program.stop();
  server?.close();
  work.remove();
  profile.remove();
}

const label = runtimeLabel('chromium', 'portable');
const version = browser?.version ?? 'unknown';
print(reportLine({ label, runtime: 'chromium', version, provider }, results));
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
