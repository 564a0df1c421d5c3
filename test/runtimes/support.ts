// Node-side helpers for the runners that drive another program (workerd, Chromium): temporary
// directories, a free loopback port, child processes that are always stopped, and waiting for
// a server to answer. Loopback only: nothing here talks to another host.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A new temporary directory and a function that removes it. Removal retries, since helpers of
 * a stopped program (Chromium's crash handler) may still be writing there for a moment, and a
 * directory left behind in the temporary folder is not worth failing a run over.
 */
export function tempDir(name: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `twofold-${name}-`));
  const remove = () => {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (err) {
      console.error(`could not remove ${path}: ${(err as Error).message}`);
    }
  };
  return { path, remove };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started program whose output is kept, for the error message when it misbehaves. */
export interface Started {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has ended. */
  readonly exited: Promise<string>;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and waits for the end. */
  stop(): Promise<void>;
}

export function start(command: string, args: readonly string[], cwd: string): Started {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`failed to start: ${err.message}`));
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
  });
  let ended = false;
  void exited.then(() => (ended = true));

  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (ended) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers (any status); throws when `program` exits or time runs out. */
export async function waitForServer(url: string, program: Started, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  let gone: string | undefined;
  void program.exited.then((how) => (gone = how));
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`the server ended before answering (${gone})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer from ${url} within ${ms / 1000} s`);
}
