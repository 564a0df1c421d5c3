// One table for a benny suite's results: ops/s, ns/op and the case name, a line each.

/** Prints each result of a finished suite as `ops/s  ns  name`. */
export function printSummary(summary: {
  readonly results: ReadonlyArray<{ readonly name: string; readonly ops: number }>;
}): void {
  console.log('');
  for (const r of summary.results) {
    const ns = (1e9 / r.ops).toFixed(0).padStart(6);
    console.log(`${r.ops.toLocaleString('en').padStart(11)} ops/s ${ns} ns  ${r.name}`);
  }
}
