// The module graph of the built library as a bundler for a given target sees it: esbuild
// resolves every import of dist/index.js with the target's conditions (`#crypto` through
// dist/package.json `imports`) and lists the files it reached and the imports it left out.
// A browser graph must leave out no `node:` module, and must not reach crypto/node.js.
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export interface ModuleGraph {
  /** Files reached, relative to `dist`, e.g. `crypto/portable.js`. */
  readonly files: readonly string[];
  /** Imports left unresolved (built-ins such as `node:crypto`), each with its importer. */
  readonly external: readonly string[];
}

/** The graph of `dist/index.js` under `conditions`. */
export async function moduleGraph(dist: string, conditions: string[]): Promise<ModuleGraph> {
  const result = await build({
    entryPoints: [join(dist, 'index.js')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    conditions,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const cwd = process.cwd();
  const files = Object.keys(inputs).map((file) => relative(dist, join(cwd, file))).sort();
  const external: string[] = [];
  for (const [file, input] of Object.entries(inputs)) {
    for (const imported of input.imports) {
      if (imported.external) external.push(`${imported.path} (from ${file})`);
    }
  }
  return { files, external: external.sort() };
}

/** What the page's import map must say: each `#name` of dist/package.json for a browser. */
export function browserImportMap(
  distPackage: { imports?: Record<string, Record<string, string> | string> },
  base: string,
): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const [name, target] of Object.entries(distPackage.imports ?? {})) {
    const path = typeof target === 'string'
      ? target
      : Object.entries(target).find(([c]) => ['browser', 'import', 'default'].includes(c))?.[1];
    if (path === undefined) throw new Error(`no browser target for ${name} in dist/package.json`);
    imports[name] = base + path.replace(/^\.\//, '');
  }
  return { imports };
}
