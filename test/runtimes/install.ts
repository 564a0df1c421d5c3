// Installs the runtimes at test time, never as project dependencies: Bun, Deno and workerd from
// the npm registry into a cached prefix (reruns reuse it), Chromium from Debian's packages. A
// runtime that cannot be installed is reported with the reason; the caller fails the run.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Exact versions, so that CI does not change under us; bump them here. */
export const NPM_RUNTIMES: Readonly<Record<'bun' | 'deno' | 'workerd', string>> = {
  bun: '1.4.5',
  deno: '2.9.6',
  workerd: '1.20261123.1',
};

/** The cached npm prefix: $TWOFOLD_RUNTIMES_DIR, else <tmp>/twofold-runtimes. */
export const RUNTIMES_DIR: string =
  process.env.TWOFOLD_RUNTIMES_DIR ?? join(tmpdir(), 'twofold-runtimes');

/** A binary ready to run, or why there is none. */
export type Installed = { readonly path: string } | { readonly error: string };

const MINUTE = 60_000;

function installedVersion(name: string): string | undefined {
  const file = join(RUNTIMES_DIR, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

async function runs(path: string): Promise<boolean> {
  try {
    await run(path, ['--version'], { timeout: MINUTE });
    return true;
  } catch {
    return false;
  }
}

/** Bun, Deno and workerd, installed into {@link RUNTIMES_DIR} unless already there. */
export async function installNpmRuntimes(): Promise<Record<keyof typeof NPM_RUNTIMES, Installed>> {
  const names = Object.keys(NPM_RUNTIMES) as Array<keyof typeof NPM_RUNTIMES>;
  const bin = (name: string) => join(RUNTIMES_DIR, 'node_modules', '.bin', name);
  const ready = async () =>
    (await Promise.all(names.map(async (n) =>
      installedVersion(n) === NPM_RUNTIMES[n] && (await runs(bin(n)))))).every(Boolean);

  let failure: string | undefined;
  if (!(await ready())) {
    const specs = names.map((n) => `${n}@${NPM_RUNTIMES[n]}`);
    const args = ['install', '--prefix', RUNTIMES_DIR, '--no-audit', '--no-fund', '--save-exact'];
    try {
      await run('npm', [...args, ...specs], { timeout: 10 * MINUTE, maxBuffer: 1 << 24 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      failure = `npm install --prefix ${RUNTIMES_DIR} ${specs.join(' ')} failed:\n` +
        (e.stderr?.trim().split('\n').slice(0, 6).join('\n') || e.message);
    }
  }

  const out = {} as Record<keyof typeof NPM_RUNTIMES, Installed>;
  for (const name of names) {
    const path = bin(name);
    const version = installedVersion(name);
    out[name] = version === NPM_RUNTIMES[name] && (await runs(path))
      ? { path }
      : { error: failure ?? `${name}@${NPM_RUNTIMES[name]} did not install a working binary` };
  }
  return out;
}

/** Chromium from Debian's packages: `apt-get update` once, then `apt-get install -y chromium`. */
export async function installChromium(): Promise<Installed> {
  const path = '/usr/bin/chromium';
  if (existsSync(path) && (await runs(path))) return { path };
  if (process.getuid?.() !== 0) {
    return { error: 'chromium is missing, and apt-get install -y chromium needs root' };
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update'], { env, timeout: 5 * MINUTE, maxBuffer: 1 << 24 });
    await run('apt-get', ['install', '-y', 'chromium'], {
      env,
      timeout: 10 * MINUTE,
      maxBuffer: 1 << 26,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why = e.stderr?.trim().split('\n').slice(-6).join('\n') || e.message;
    return { error: `apt-get install -y chromium failed:\n${why}` };
  }
  return existsSync(path) && (await runs(path))
    ? { path }
    : { error: 'apt-get installed chromium, but /usr/bin/chromium does not run' };
}
