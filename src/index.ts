// twofold: API keys that identify the app, HS256 JWTs that identify the user, and a per-app
// token bucket. This file only re-exports; each capability lives in its own folder.
export { AuthError, isAuthError } from './errors.ts';
export type { AuthErrorCode, AuthErrorDetails } from './errors.ts';
export { monotonicClock, systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { defaultCrypto } from './crypto/index.ts';
export type { CryptoProvider, HmacSha256 } from './crypto/index.ts';
export * from './jwt/index.ts';
export * from './api-key/index.ts';
export * from './rate-limit/index.ts';
export * from './store/index.ts';
export * from './guard/index.ts';
export * from './http/index.ts';
export { createPasswordHasher } from './password/index.ts';
export type { PasswordHasher, PasswordHasherOptions } from './password/index.ts';
export { createMemoryRevocationStore } from './store/revocation.ts';
export type { MemoryRevocationStore, RevocationStore } from './store/revocation.ts';
