// Public API of src/rate-limit/: the GCRA token bucket, its policies, stores and headers. The
// store conformance suite (conformance.ts) needs node:test and is exported by twofold/testing.
export { createRateLimiter } from './limiter.ts';
export type {
  RateLimiter,
  RateLimiterOptions,
  StoreErrorPolicy,
  SyncRateLimiterOptions,
} from './limiter.ts';
export { createRateLimitPolicy, RateLimitPolicy } from './policy.ts';
export type { RateLimitPolicyOptions } from './policy.ts';
export { rateLimitError } from './decision.ts';
export type { Decision, RateLimitReason } from './decision.ts';
export { rateLimitHeaders } from './headers.ts';
export type { RateLimitHeadersOptions } from './headers.ts';
export { createCoarseClock } from './coarse-clock.ts';
export type { CoarseClockOptions } from './coarse-clock.ts';
export { createMemoryBucketStore } from './memory-store.ts';
export type { MemoryBucketStore } from './memory-store.ts';
export { attachSharedBucketStore, createSharedBucketStore } from './shared-store.ts';
export type { SharedBucketStore, SharedBucketStoreOptions } from './shared-store.ts';
export type { BucketState, BucketStore, SyncBucketStore } from './store.ts';
