// The page side of the Chromium runner, bundled to /suite.js: runs the suite on the library
// the page imported from dist/ and writes each result and the final report into the DOM.
import { formatResult } from '../harness.ts';
import { runPortableSuite } from '../suite.ts';
import type { Assert, CaseResult, Library } from '../suite.ts';

const assert: Assert = (condition, message) => {
  if (!condition) throw new Error(message);
};

export async function runInPage(lib: Library): Promise<void> {
  const lines = document.getElementById('results')!;
  const report = document.getElementById('report')!;
  let body: { results?: CaseResult[]; provider?: string; userAgent: string; error?: string };
  try {
    const results = await runPortableSuite(lib, assert, {
      provider: 'portable',
      onResult: (result) => lines.append(formatResult(result) + '\n'),
    });
    body = { results, provider: lib.defaultCrypto.name, userAgent: navigator.userAgent };
  } catch (err) {
    body = { error: String(err), userAgent: navigator.userAgent };
  }
  report.textContent = JSON.stringify(body);
  document.body.dataset.done = 'true';
}
