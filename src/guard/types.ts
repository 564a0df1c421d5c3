// The shapes the guard takes and gives back.
import type { ApiKeyHasher } from '../api-key/hash.ts';
import type { Clock } from '../clock.ts';
import type { AuthErrorCode } from '../errors.ts';
import type { JwtClaims } from '../jwt/index.ts';
import type { PasswordHasher, PasswordHasherOptions } from '../password/index.ts';
import type { BucketStore, Decision, StoreErrorPolicy } from '../rate-limit/index.ts';
import type { RevocationStore } from '../store/revocation.ts';
import type { AppRecord, KeyRecord, Stores } from '../store/types.ts';

/**
 * Options of {@link createGuard}. Everything but `stores` and the JWT secret has a default.
 *
 * @example
 * ```ts
 * const options: GuardOptions = {
 *   stores: createMemoryStores(),
 *   jwt: { secret, ttlSeconds: 900 },
 *   rateLimit: { limit: 600, periodMs: 60_000 },
 * };
 * ```
 */
export interface GuardOptions {
  /** Apps, keys and users, plus optional bucket and revocation stores. */
  readonly stores: Stores & {
    readonly buckets?: BucketStore;
    readonly revocations?: RevocationStore;
  };
  /** JWT settings: the HMAC secret (or key ring), issuer, lifetime. */
  readonly jwt: GuardJwtOptions;
  /** The per-app token bucket. Default: 1,000 tokens a minute, refilled continuously. */
  readonly rateLimit?: GuardRateLimitOptions;
  /**
   * Login throttles: failed attempts per app and username (`limit` per `periodMs`, default 10
   * per 15 minutes) and password checks per app (`appLimit` per `appPeriodMs`, default 60 a
   * minute, since each costs a slow hash).
   */
  readonly loginThrottle?: {
    readonly limit?: number;
    readonly periodMs?: number;
    readonly appLimit?: number;
    readonly appPeriodMs?: number;
  };
  /** Password hasher, or options for one. Default: PBKDF2-SHA256, 600,000 iterations. */
  readonly password?: PasswordHasher | PasswordHasherOptions;
  /** Accepted API key prefixes and the hasher keys were stored with. */
  readonly apiKeys?: { readonly prefixes?: readonly string[]; readonly hasher?: ApiKeyHasher };
  /**
   * Sizes of the two hot-path caches, in entries (0 turns one off). `tokens`: JWTs that
   * verified, so a token seen again only has its time window checked (default 10,000).
   * `apiKeys`: the digest of each key that matched a stored record, so a key seen again is not
   * hashed again; its record, app and revocation are still read from the stores on every
   * request (default 10,000). Both hold credentials in process memory; see SECURITY.md.
   */
  readonly cache?: { readonly tokens?: number; readonly apiKeys?: number };
  /** Time source. Default: the system clock. */
  readonly clock?: Clock;
  /** Told about failures that do not fail the request (a password rehash that could not save). */
  readonly onError?: (error: unknown) => void;
}

/**
 * JWT settings of a guard.
 *
 * @example
 * ```ts
 * const jwt: GuardJwtOptions = { keys: [{ kid: '2026-12', secret }], activeKid: '2026-12' };
 * ```
 */
export interface GuardJwtOptions {
  /** HMAC secret, at least 32 bytes. Give this or `keys`. */
  readonly secret?: Uint8Array;
  /** Key ring for rotation: tokens are signed with `activeKid`, verified with any. */
  readonly keys?: ReadonlyArray<{ readonly kid: string; readonly secret: Uint8Array }>;
  /** Key id to sign with when `keys` is given. */
  readonly activeKid?: string;
  /** `iss` of issued tokens, required on verified ones. Default `'twofold'`. */
  readonly issuer?: string;
  /** Lifetime of issued tokens. Default 3,600 s. */
  readonly ttlSeconds?: number;
  /** Allowed clock skew when verifying. Default 0. */
  readonly clockToleranceSeconds?: number;
}

/**
 * Rate-limit settings of a guard.
 *
 * @example
 * ```ts
 * const rateLimit: GuardRateLimitOptions = { limit: 100, periodMs: 1_000, burst: 20 };
 * ```
 */
export interface GuardRateLimitOptions {
  /** Tokens per period. Default 1,000. */
  readonly limit?: number;
  /** Period in milliseconds. Default 60,000. */
  readonly periodMs?: number;
  /** Bucket capacity. Default: `limit`. */
  readonly burst?: number;
  /** What to do when the bucket store fails. Default `'closed'` (503). */
  readonly onStoreError?: StoreErrorPolicy;
  /** Name in the `RateLimit-Policy` header. Default `'app'`. */
  readonly policyName?: string;
}

/**
 * The user a verified JWT names.
 *
 * @example
 * ```ts
 * const result = await guard.authenticate(request);
 * const userId = result.ok ? result.user.id : undefined; // the token's `sub`
 * ```
 */
export interface GuardUser {
  /** The `sub` claim. */
  readonly id: string;
}

/**
 * A request that passed both checks and was charged to its app.
 *
 * @example
 * ```ts
 * const result = await guard.authenticate(request);
 * if (result.ok) return Response.json({ app: result.app.id, user: result.user.id });
 * ```
 */
export interface GuardSuccess {
  readonly ok: true;
  readonly app: AppRecord;
  readonly key: KeyRecord;
  readonly user: GuardUser;
  /** The verified claims; frozen while the token cache is on (requests share them). */
  readonly claims: JwtClaims;
  readonly rateLimit: Decision;
  /** Rate-limit headers to add to the response. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A refused request: the HTTP status, the stable code, a message safe to show, headers.
 *
 * @example
 * ```ts
 * const result = await guard.authenticate(request);
 * if (!result.ok) return problemResponse(result); // result.status, result.code
 * ```
 */
export interface GuardFailure {
  readonly ok: false;
  readonly status: number;
  readonly code: AuthErrorCode;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A successful login: the token response of RFC 6749 §5.1, plus headers.
 *
 * @example
 * ```ts
 * const login = await guard.login({ apiKey, username, password });
 * if (!login.ok) return problemResponse(login);
 * const { access_token, token_type, expires_in } = login;
 * return Response.json({ access_token, token_type, expires_in }, { headers: login.headers });
 * ```
 */
export interface LoginSuccess {
  readonly ok: true;
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Login credentials; values are checked, so raw request fields may be passed.
 *
 * @example
 * ```ts
 * const body = await request.json();
 * const credentials: LoginRequest = {
 *   apiKey: request.headers.get('x-api-key'),
 *   username: body.username,
 *   password: body.password,
 * };
 * ```
 */
export interface LoginRequest {
  readonly apiKey: unknown;
  readonly username: unknown;
  readonly password: unknown;
}

/**
 * The two-fold guard; see {@link createGuard}.
 *
 * @example
 * ```ts
 * const guard: Guard = createGuard({ stores, jwt: { secret } });
 * const result = await guard.authenticate(request.headers);
 * ```
 */
export interface Guard {
  /** Checks the API key, charges the app's bucket, then checks the JWT. */
  authenticate(source: HeaderSourceLike): Promise<GuardSuccess | GuardFailure>;
  /** Checks the key, charges the app's bucket, checks the password, issues a JWT. */
  login(request: LoginRequest): Promise<LoginSuccess | GuardFailure>;
  /** Revokes a token (logout) until its `exp`. */
  revoke(claims: JwtClaims): Promise<void>;
}

/**
 * Anything with headers: fetch `Headers`, a `Request`, or a Node header record.
 *
 * @example
 * ```ts
 * const source: HeaderSourceLike = { 'x-api-key': key, authorization: `Bearer ${token}` };
 * await guard.authenticate(source);
 * ```
 */
export type HeaderSourceLike = import('../http/headers.ts').HeaderSource;
