// What every group of portable cases receives: the library under test (a module namespace, the
// TypeScript source or the built dist/), the checks, and the provider the runner expects.
import type * as Twofold from '../../src/index.ts';
import type { Assert, Checks } from './harness.ts';

/** The library's public API, as `import * as lib from 'twofold'` gives it. */
export type Library = typeof Twofold;

/** The crypto provider a runtime should pick through the export conditions. */
export type ProviderName = 'node' | 'portable';

export interface SuiteContext {
  readonly lib: Library;
  readonly assert: Assert;
  readonly check: Checks;
  readonly provider: ProviderName;
}

/** A fake clock for injection: tests move it, nothing reads the real time. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start: number): FakeClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
  };
}
