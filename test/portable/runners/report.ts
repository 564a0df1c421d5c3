// What every runner does after loading the library its own way: run the suite plus its extra
// cases, print one line per case, and end with the report line the orchestrator parses.
import { formatResult, reportLine } from '../harness.ts';
import type { Case, CaseResult } from '../harness.ts';
import { runPortableSuite } from '../suite.ts';
import type { Assert, Library, ProviderName } from '../suite.ts';

export interface RunnerSetup {
  readonly lib: Library;
  readonly assert: Assert;
  /** `node`, `bun`, `deno`, `workerd`, `chromium`. */
  readonly runtime: string;
  readonly version: string;
  readonly provider: ProviderName;
  /** Shown after the runtime, e.g. `nodejs_compat on`. */
  readonly variant?: string;
  readonly extra?: readonly Case[];
  /** Where lines go; console.log by default. */
  readonly print?: (line: string) => void;
}

/** `node (node:crypto)`, `workerd (portable, nodejs_compat off)`. */
export function runtimeLabel(runtime: string, provider: string, variant?: string): string {
  const name = provider === 'node' ? 'node:crypto' : provider;
  return `${runtime} (${name}${variant === undefined ? '' : `, ${variant}`})`;
}

/** Runs the suite; resolves to the results after printing them and the report line. */
export async function runAndReport(setup: RunnerSetup): Promise<CaseResult[]> {
  const print = setup.print ?? ((line: string) => console.log(line));
  const results = await runPortableSuite(setup.lib, setup.assert, {
    provider: setup.provider,
    onResult: (result) => print(formatResult(result)),
    ...(setup.extra ? { extra: setup.extra } : {}),
  });
  const { runtime, version, provider, variant } = setup;
  const label = runtimeLabel(runtime, provider, variant);
  print(reportLine({ label, runtime, version, provider: setup.lib.defaultCrypto.name }, results));
  return results;
}
