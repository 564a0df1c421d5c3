// The smallest harness that runs in every runtime: named cases run one after another, a failure
// is recorded rather than thrown (one broken case hides no other), and the checks are built on
// the single `assert` function each runner hands in. No node: imports, no globals but the
// language's own.

/** The one primitive a runner supplies: throw when `condition` is falsy. */
export type Assert = (condition: unknown, message: string) => asserts condition;

/** One named check of the portable suite. */
export interface Case {
  readonly name: string;
  readonly run: () => void | Promise<void>;
}

/** The outcome of one case; `error` is the failure message. */
export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** Runs `cases` in order and reports each result as it comes. */
export async function runCases(
  cases: readonly Case[],
  onResult: (result: CaseResult) => void = () => {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    let result: CaseResult;
    try {
      await c.run();
      result = { name: c.name, ok: true };
    } catch (err) {
      result = { name: c.name, ok: false, error: describeError(err) };
    }
    results.push(result);
    onResult(result);
  }
  return results;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}`;
  }
  return String(err);
}

/** `ok - name` or `not ok - name: error`, one line per case. */
export function formatResult(result: CaseResult): string {
  return result.ok ? `ok - ${result.name}` : `not ok - ${result.name}: ${result.error}`;
}

/** What a runner reports to the orchestrator (test/runtimes/run.ts) on its last line. */
export interface RuntimeReport {
  /** e.g. `node (node:crypto)`. */
  readonly label: string;
  readonly runtime: string;
  readonly version: string;
  /** `defaultCrypto.name` where the suite ran. */
  readonly provider: string;
  readonly passed: number;
  readonly failed: number;
}

/** Marks the report line; everything after it is JSON. */
export const REPORT_MARKER = '@@twofold-runtime-report ';

/** The report of `results` as the line the orchestrator parses. */
export function reportLine(
  base: Omit<RuntimeReport, 'passed' | 'failed'>,
  results: readonly CaseResult[],
): string {
  const failed = results.filter((r) => !r.ok).length;
  const report: RuntimeReport = { ...base, passed: results.length - failed, failed };
  return REPORT_MARKER + JSON.stringify(report);
}

/** Checks built on a runner's `assert`. */
export interface Checks {
  /** `actual` is `expected` (`Object.is`), or equal JSON for arrays and plain objects. */
  equal(actual: unknown, expected: unknown, what: string): void;
  /** `fn` throws an error whose `code` is `code`. */
  throwsCode(fn: () => unknown, code: string, what: string): void;
  /** `text` matches `pattern`. */
  matches(text: unknown, pattern: RegExp, what: string): void;
}

/** Builds the {@link Checks} on top of a runner's `assert`. */
export function createChecks(assert: Assert): Checks {
  const show = (value: unknown): string =>
    typeof value === 'string' ? JSON.stringify(value) : stringify(value);

  return {
    equal(actual, expected, what) {
      const same = Object.is(actual, expected) ||
        (typeof expected === 'object' && expected !== null &&
          stringify(actual) === stringify(expected));
      assert(same, `${what}: expected ${show(expected)}, got ${show(actual)}`);
    },
    throwsCode(fn, code, what) {
      let thrown: unknown;
      try {
        fn();
      } catch (err) {
        thrown = err;
      }
      assert(thrown !== undefined, `${what}: expected ${code}, nothing was thrown`);
      const got = (thrown as { code?: unknown }).code;
      assert(got === code, `${what}: expected ${code}, got ${describeError(thrown)}`);
    },
    matches(text, pattern, what) {
      const ok = typeof text === 'string' && pattern.test(text);
      assert(ok, `${what}: expected a match for ${pattern}, got ${show(text)}`);
    },
  };
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v) ?? String(value);
  } catch {
    return String(value);
  }
}
