// Public API of the guard: the two-fold check, login and logout.
export { createGuard } from './guard.ts';
export type {
  Guard,
  GuardFailure,
  GuardJwtOptions,
  GuardOptions,
  GuardRateLimitOptions,
  GuardSuccess,
  GuardUser,
  HeaderSourceLike,
  LoginRequest,
  LoginSuccess,
} from './types.ts';
