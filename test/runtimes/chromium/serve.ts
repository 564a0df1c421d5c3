// The loopback server the Chromium page loads from: `/` is the page, `/suite.js` the bundled
// suite, `/dist/**.js` the built library as it is. It records every path asked for, so the
// runner can tell which modules the browser actually loaded.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';

export interface PageServer {
  readonly url: string;
  /** Paths requested so far, in order. */
  readonly requested: readonly string[];
  close(): void;
}

export async function servePage(
  page: string,
  suiteFile: string,
  root: string,
): Promise<PageServer> {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requested.push(path);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }

    const file = path === '/suite.js' ? suiteFile
      : path.startsWith('/dist/') && path.endsWith('.js') && !path.includes('..')
        ? normalize(join(root, path))
        : undefined;
    let body: Buffer | undefined;
    try {
      body = file === undefined ? undefined : readFileSync(file);
    } catch {
      body = undefined;
    }
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
  });

  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return { url: `http://127.0.0.1:${port}/`, requested, close: () => server.close() };
}
