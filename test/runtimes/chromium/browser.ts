// Headless Chromium under the DevTools protocol: launch it on a fresh profile, open a page,
// collect what goes wrong there (exceptions, console and network errors), and poll the page's
// DOM for the report it writes when done.
import { connectCdp } from '../cdp.ts';
import type { CdpClient } from '../cdp.ts';
import { start } from '../support.ts';
import type { Started } from '../support.ts';

/** Headless, no sandbox (CI runs as root), no GPU, nothing that talks to the network. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

export interface Browser {
  readonly program: Started;
  readonly cdp: CdpClient;
  /** e.g. `156.0.8078.114`. */
  readonly version: string;
}

/** Starts Chromium with `profile` as its user data directory and connects to it. */
export async function launchChromium(
  binary: string,
  profile: string,
  cwd: string,
): Promise<Browser> {
  const program = start(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`], cwd);
  try {
    const cdp = await connectCdp(await devToolsEndpoint(program));
    const product = String((await cdp.send('Browser.getVersion')).product);
    return { program, cdp, version: product.replace(/^\D+\//, '') };
  } catch (err) {
    await program.stop();
    throw err;
  }
}

/** The browser's DevTools websocket URL, from the line Chromium prints on start. */
async function devToolsEndpoint(program: Started): Promise<string> {
  const deadline = Date.now() + 30_000;
  let gone: string | undefined;
  void program.exited.then((how) => (gone = how));
  while (Date.now() < deadline && gone === undefined) {
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(program.output());
    if (match) return match[1]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const why = gone === undefined ? 'no DevTools endpoint within 30 s' : `Chromium ended (${gone})`;
  throw new Error(`${why}:\n${program.output().trim()}`);
}

/** Opens `url` in a new tab; `problems` fills with what goes wrong on the page. */
export async function openPage(
  cdp: CdpClient,
  url: string,
): Promise<{ readonly session: string; readonly problems: string[] }> {
  const problems: string[] = [];
  cdp.on('Runtime.exceptionThrown', (params) => {
    const details = params.exceptionDetails as { exception?: { description?: string } };
    problems.push(`exception: ${details.exception?.description ?? JSON.stringify(details)}`);
  });
  cdp.on('Runtime.consoleAPICalled', (params) => {
    if (params.type !== 'error') return;
    const args = params.args as Array<{ value?: unknown; description?: string }>;
    problems.push(`console.error: ${args.map((a) => a.description ?? a.value).join(' ')}`);
  });
  cdp.on('Log.entryAdded', (params) => {
    const entry = params.entry as { level?: string; text?: string; url?: string };
    if (entry.level === 'error') problems.push(`log: ${entry.text} ${entry.url ?? ''}`.trim());
  });

  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const session = String((await cdp.send('Target.attachToTarget', { targetId, flatten: true }))
    .sessionId);
  await cdp.send('Runtime.enable', {}, session);
  await cdp.send('Log.enable', {}, session);
  await cdp.send('Page.navigate', { url }, session);
  return { session, problems };
}

/** Polls the page until `document.body.dataset.done`, then returns the text of `#report`. */
export async function readReport(cdp: CdpClient, session: string, ms: number): Promise<string> {
  const expression = "document.body && document.body.dataset.done === 'true' ? " +
    "document.getElementById('report').textContent : null";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    // The first polls may land in about:blank or in a context torn down by the navigation.
    const answer = await cdp.send('Runtime.evaluate', { expression, returnByValue: true }, session)
      .catch(() => undefined);
    const value = (answer?.result as { value?: unknown } | undefined)?.value;
    if (typeof value === 'string') return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the page did not finish within ${ms / 1000} s`);
}
