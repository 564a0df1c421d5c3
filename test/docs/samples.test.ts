// Every ```ts block of README.md and docs/*.md runs as its own program, as a reader would run
// it (imports of `twofold` and its subpaths are pointed at src/), and the whole set
// type-checks. A sample that stops working fails `npm test` instead of a newcomer.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeBlocks, expectedOutput, programs } from './markdown.ts';
import type { Program } from './markdown.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

// `twofold` and `twofold/<subpath>` as package.json exports them, mapped back to the sources.
const exportsField = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { readonly default: string }>;
}).exports;
const entries = new Map<string, string>();
for (const [subpath, target] of Object.entries(exportsField)) {
  if (typeof target === 'string') continue;
  const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
  entries.set(subpath === '.' ? 'twofold' : `twofold/${subpath.slice(2)}`, join(root, source));
}

function rewriteImports(code: string, where: string): string {
  return code.replace(/(from\s+|import\s*\(\s*)'(twofold(?:\/[\w/-]+)?)'/g, (_, lead, name) => {
    const path = entries.get(name as string);
    if (path === undefined) throw new Error(`${where}: '${name}' is not a package entry point`);
    return `${lead}'${path}'`;
  });
}

// One folder of programs, an ES module package with a tsconfig as strict as a careful user's.
const dir = mkdtempSync(join(tmpdir(), 'twofold-docs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022', 'dom'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    strict: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['*.ts'],
}));

/** Where each line of a written program came from: `[first line, block location]`. */
const origins = new Map<string, [number, string][]>();

function write(program: Program): string {
  const file = `${program.where.replace(/\W+/g, '-')}.ts`;
  const lines: string[] = [];
  const map: [number, string][] = [];
  for (const block of program.blocks) {
    lines.push(`// ${block.where}`);
    map.push([lines.length + 1, block.where]);
    lines.push(...rewriteImports(block.code, block.where).split('\n'));
  }
  writeFileSync(join(dir, file), lines.join('\n') + '\n');
  origins.set(file, map);
  return file;
}

/** `README.md:57` for line 12 of a written program. */
function origin(file: string, line: number): string {
  const starts = (origins.get(file) ?? []).filter(([start]) => start <= line);
  const [first, where] = starts[starts.length - 1] ?? [line, file];
  const [doc, fence] = where.split(':') as [string, string];
  return `${doc}:${Number(fence) + 1 + line - first}`;
}

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function node(args: readonly string[]): Promise<Outcome> {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // a sample that runs node:test reports as a top-level run
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, env, timeout: 180_000 }, (error, out, err) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ status, stdout: out, stderr: err });
    });
  });
}

const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const all = docs.map((doc) => ({ doc, programs: programs(codeBlocks(root, doc)) }));
const files = new Map(all.flatMap((d) => d.programs.map((p) => [p, write(p)] as const)));

for (const { doc, programs: list } of all) {
  describe(`${doc} samples`, { concurrency: 2 }, () => {
    for (const program of list) {
      it(`${program.where} runs and prints what the page says`, async () => {
        const { status, stdout, stderr } = await node(['--import', tsx, files.get(program)!]);
        assert.equal(status, 0, `${program.where} failed:\n${stderr.slice(-3000)}`);
        const expected = expectedOutput(program);
        if (expected.length > 0) assert.deepEqual(stdout.trimEnd().split('\n'), expected);
      });
    }
  });
}

describe('documentation samples', () => {
  it('are found: the README has at least five programs', () => {
    assert.ok(all.find((d) => d.doc === 'README.md')!.programs.length >= 5);
  });

  it('type-check under strict, exactOptionalPropertyTypes and verbatimModuleSyntax', async () => {
    // Errors inside src/ are the type-check's business (`npm run typecheck`); these are ours.
    const { stdout } = await node([tsc, '-p', dir, '--pretty', 'false']);
    const errors = stdout.split('\n').flatMap((line) => {
      const m = /^(.+?\.ts)\((\d+),\d+\): (error .*)$/.exec(line);
      return m !== null && origins.has(m[1]!) ? [`${origin(m[1]!, Number(m[2]))}: ${m[3]}`] : [];
    });
    assert.deepEqual([...new Set(errors)], []);
  });
});
