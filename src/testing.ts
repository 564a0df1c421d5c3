// twofold/testing: conformance suites for store adapters (registers node:test tests).
export { runStoreConformance } from './store/conformance.ts';
export type { ConformanceStores, StoreConformanceOptions } from './store/conformance.ts';
export { bucketStoreConformance } from './rate-limit/conformance.ts';
export type { BucketStoreConformanceOptions } from './rate-limit/conformance.ts';
