// The portable suite: one set of cases for every runtime. A runner imports the library its own
// way (TypeScript source, a bundle, or the built dist/ in a browser), hands it in with a small
// assert function and the provider it expects, and prints what comes back.
//
//   const results = await runPortableSuite(lib, assert, { provider: 'portable' });
import { apiKeyCases } from './cases/api-key.ts';
import { cryptoCases } from './cases/crypto.ts';
import { fetchCases } from './cases/fetch.ts';
import { jwtCases } from './cases/jwt.ts';
import { rateLimitCases } from './cases/rate-limit.ts';
import type { Library, ProviderName, SuiteContext } from './context.ts';
import { createChecks, runCases } from './harness.ts';
import type { Assert, Case, CaseResult } from './harness.ts';

export type { Library, ProviderName } from './context.ts';
export type { Assert, Case, CaseResult } from './harness.ts';

export interface SuiteOptions {
  /** The provider this runtime should get through the export conditions. */
  readonly provider: ProviderName;
  /** Called with each result as it comes (a runner prints it). */
  readonly onResult?: (result: CaseResult) => void;
  /** More cases to run after the suite's (a runner's HTTP round trip). */
  readonly extra?: readonly Case[];
}

/** Every case of the suite, in order, for `lib`. */
export function portableCases(lib: Library, assert: Assert, provider: ProviderName): Case[] {
  const context: SuiteContext = { lib, assert, check: createChecks(assert), provider };
  return [
    ...cryptoCases(context),
    ...jwtCases(context),
    ...apiKeyCases(context),
    ...rateLimitCases(context),
    ...fetchCases(context),
  ];
}

/** Runs the suite (and any extra cases) and returns every result. */
export function runPortableSuite(
  lib: Library,
  assert: Assert,
  options: SuiteOptions,
): Promise<CaseResult[]> {
  const cases = [...portableCases(lib, assert, options.provider), ...(options.extra ?? [])];
  return runCases(cases, options.onResult);
}
