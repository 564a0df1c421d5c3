// `npm run test:runtimes`: installs the runtimes, runs the portable suite in each through its
// runner (test/portable/runners/), and prints one line per runtime with its pass and fail
// counts. Exits non-zero when any runtime failed a case, could not be installed or did not run.
//
//   npm run test:runtimes                 # all of them
//   npm run test:runtimes -- --markdown   # also print the README's "Tested runtimes" table
//   npm run test:runtimes -- --verbose    # also print every case of every runtime
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_MARKER } from '../portable/harness.ts';
import type { RuntimeReport } from '../portable/harness.ts';
import { installChromium, installNpmRuntimes, RUNTIMES_DIR } from './install.ts';
import type { Installed } from './install.ts';
import { ROOT } from './support.ts';

interface Runner {
  /** The label when the runner gives none (it could not start). */
  readonly label: string;
  /** The binary it needs, by name in the install results (undefined: Node, always there). */
  readonly needs?: 'bun' | 'deno' | 'workerd' | 'chromium';
  readonly command: (bin: string) => readonly [string, ...string[]];
}

const RUNNER_TIMEOUT_MS = 5 * 60_000;
const tsx = ['--import', 'tsx'];
const runnerPath = (name: string) => join(ROOT, 'test/portable/runners', `${name}.ts`);
// Node 20 keeps WebSocket (for the DevTools protocol) behind a flag; later versions have it.
const websocket = typeof WebSocket === 'function' ? [] : ['--experimental-websocket'];

const RUNNERS: readonly Runner[] = [
  { label: 'node (node:crypto)', command: () => [process.execPath, ...tsx, runnerPath('node')] },
  {
    label: 'node (portable)',
    command: () => [process.execPath, '--conditions=twofold-portable', ...tsx,
      runnerPath('node'), 'portable'],
  },
  { label: 'bun (node:crypto)', needs: 'bun', command: (bun) => [bun, runnerPath('bun')] },
  {
    label: 'deno (node:crypto)',
    needs: 'deno',
    command: (deno) => [deno, 'run', '--allow-net=127.0.0.1', runnerPath('deno')],
  },
  {
    label: 'workerd (portable, nodejs_compat off)',
    needs: 'workerd',
    command: () => [process.execPath, ...tsx, runnerPath('workerd'), 'off'],
  },
  {
    label: 'workerd (node:crypto, nodejs_compat on)',
    needs: 'workerd',
    command: () => [process.execPath, ...tsx, runnerPath('workerd'), 'on'],
  },
  {
    label: 'workerd (node:crypto, nodejs_compat on, date 2024-01-01)',
    needs: 'workerd',
    command: () => [process.execPath, ...tsx, runnerPath('workerd'), 'on-2024'],
  },
  {
    label: 'chromium (portable)',
    needs: 'chromium',
    command: () => [process.execPath, ...websocket, ...tsx, runnerPath('chromium')],
  },
];

interface Outcome {
  readonly label: string;
  readonly report?: RuntimeReport;
  /** Why the runtime did not run or did not report. */
  readonly problem?: string;
  readonly failures: readonly string[];
}

const verbose = process.argv.includes('--verbose');
const markdown = process.argv.includes('--markdown');
const started = Date.now();

console.log(`installing runtimes (npm prefix ${RUNTIMES_DIR}, chromium from apt)...`);
const [npm, chromium] = await Promise.all([installNpmRuntimes(), installChromium()]);
const installed: Record<string, Installed> = { ...npm, chromium };
console.log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const installErrors = Object.values(installed).flatMap((r) => ('error' in r ? [r.error] : []));
for (const error of new Set(installErrors)) console.log(`install failed: ${error}`);

const env = {
  ...process.env,
  TWOFOLD_WORKERD: pathOf(installed.workerd) ?? 'workerd',
  TWOFOLD_CHROMIUM: pathOf(installed.chromium) ?? 'chromium',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_DIR: join(RUNTIMES_DIR, 'deno-dir'),
  DO_NOT_TRACK: '1',
};
const logs = join(RUNTIMES_DIR, 'logs');
mkdirSync(logs, { recursive: true });

const outcomes: Outcome[] = [];
for (const runner of RUNNERS) {
  const needed = runner.needs === undefined ? { path: process.execPath } : installed[runner.needs]!;
  if ('error' in needed) {
    const problem = `${runner.needs} is not installed (see "install failed" above)`;
    outcomes.push({ label: runner.label, problem, failures: [] });
  } else {
    outcomes.push(await runOne(runner, needed.path));
  }
  const outcome = outcomes.at(-1)!;
  for (const line of outcome.failures) console.log(`  ${line}`);
  console.log(summaryLine(outcome));
}

const passed = outcomes.reduce((n, o) => n + (o.report?.passed ?? 0), 0);
const failed = outcomes.reduce((n, o) => n + (o.report?.failed ?? 0), 0);
const broken = outcomes.filter((o) => o.problem !== undefined).length;
writeFileSync(join(RUNTIMES_DIR, 'last-run.json'), JSON.stringify(outcomes, null, 2));
if (markdown) printTable(outcomes);
console.log(`runtimes took ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logs}`);
if (broken > 0) console.log(`${broken} runtime(s) could not run`);
console.log(`total: ${passed} passed, ${failed + broken} failed`);
process.exitCode = failed + broken === 0 ? 0 : 1;

function pathOf(result: Installed | undefined): string | undefined {
  return result !== undefined && 'path' in result ? result.path : undefined;
}

/** Runs one runner to its end and reads its report line. */
function runOne(runner: Runner, bin: string): Promise<Outcome> {
  const [command, ...args] = runner.command(bin);
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    if (verbose) process.stdout.write(text);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUNNER_TIMEOUT_MS);

  return new Promise((resolve) => {
    const finish = (how: string) => {
      clearTimeout(timer);
      const file = join(logs, `${runner.label.replace(/[^\w]+/g, '-')}.log`);
      writeFileSync(file, output);
      const lines = output.split('\n');
      const failures = failureLines(lines);
      const line = lines.find((l) => l.startsWith(REPORT_MARKER));
      if (line === undefined) {
        const tail = lines.filter((l) => l.trim() !== '').slice(-15).map((l) => `    ${l}`);
        const problem = `did not report (${how}); last output:\n${tail.join('\n')}`;
        return resolve({ label: runner.label, problem, failures });
      }
      const report = JSON.parse(line.slice(REPORT_MARKER.length)) as RuntimeReport;
      const clean = how === 'exit code 0' || report.failed > 0;
      const problem = clean ? undefined : `ended with ${how}`;
      resolve({ label: report.label, report, failures, ...(problem ? { problem } : {}) });
    };
    child.once('error', (err) => finish(`failed to start: ${err.message}`));
    child.once('exit', (code, signal) => finish(signal ?? `exit code ${code}`));
  });
}

/** Each `not ok` line with the lines that follow it (a runner's diagnostics), 20 at most. */
function failureLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  let taken = -1;
  for (const line of lines) {
    if (line.startsWith('ok - ') || line.startsWith(REPORT_MARKER)) taken = -1;
    else if (line.startsWith('not ok')) taken = 0;
    if (taken >= 0 && taken++ < 20 && line.trim() !== '') out.push(line);
  }
  return out;
}

function summaryLine(outcome: Outcome): string {
  const { label, report, problem } = outcome;
  if (report === undefined) return `${label}: could not run: ${problem}`;
  const counts = `${report.passed} passed, ${report.failed} failed`;
  return `${label}: ${counts}${problem ? ` (${problem})` : ''}`;
}

function printTable(all: readonly Outcome[]): void {
  console.log('\n| runtime | version | provider | result |\n|---|---|---|---|');
  for (const { label, report, problem } of all) {
    const runtime = label.replace(/ \(.*/, '') + (label.includes('nodejs_compat')
      ? `, ${/nodejs_compat [^)]+/.exec(label)![0]}` : '');
    const provider = report?.provider === 'node' ? '`node:crypto`' : report ? 'portable' : '?';
    const result = report && !problem
      ? `${report.passed} passed, ${report.failed} failed`
      : `could not run`;
    console.log(`| ${runtime} | ${report?.version ?? '?'} | ${provider} | ${result} |`);
  }
  console.log('');
}
