// The two-fold check, in the order of DESIGN.md: parse and look up the API key (a malformed key
// costs no lookup), check its app, charge the app's bucket (only authenticated apps get
// buckets, so random keys cost no memory), then verify the JWT and that it names the same app.
import { createApiKeyVerifier } from '../api-key/verify.ts';
import type { ApiKeyResult } from '../api-key/verify.ts';
import { checkClock } from '../clock.ts';
import { AuthError } from '../errors.ts';
import { readBearer, readHeader } from '../http/headers.ts';
import { createJwtSigner, createJwtVerifier } from '../jwt/index.ts';
import type { JwtClaims } from '../jwt/index.ts';
import { createCoarseClock, createRateLimitPolicy } from '../rate-limit/index.ts';
import { createRateLimiter } from '../rate-limit/index.ts';
import type { Decision, RateLimitPolicy } from '../rate-limit/index.ts';
import { rateLimitHeaders } from '../rate-limit/index.ts';
import { createMemoryRevocationStore } from '../store/revocation.ts';
import type { AppRecord } from '../store/types.ts';
import { checkCacheSize } from '../lib/bounded-map.ts';
import { createLogin } from './login.ts';
import { denied, fail, failure } from './result.ts';
import { cachedVerifier } from './token-cache.ts';
import type { Guard, GuardFailure, GuardOptions, GuardSuccess } from './types.ts';

const MAX_CACHED_POLICIES = 1024;
const DEFAULT_CACHE_SIZE = 10_000;

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Creates the guard: `authenticate` for every request, `login` to issue JWTs, `revoke` to log
 * out. Options are checked once, here; bad options throw `TypeError` or `RangeError`.
 *
 * @example
 * ```ts
 * const guard = createGuard({ stores: createMemoryStores(), jwt: { secret } });
 * const result = await guard.authenticate(request);
 * if (!result.ok) return Response.json({ code: result.code }, { status: result.status });
 * ```
 */
export function createGuard(options: GuardOptions): Guard {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('expected guard options to be an object');
  }
  const { stores } = options;
  // Store failures become 503s for the caller; `onError` hears about them with their cause.
  const report = options.onError;
  if (report !== undefined && typeof report !== 'function') {
    throw new TypeError('expected onError to be a function');
  }
  // One clock reading serves the whole synchronous run of a request (key expiry, bucket, JWT,
  // revocation): it never runs backwards, and is read again once the microtask queue runs.
  const clock = createCoarseClock({ source: checkClock(options.clock) });
  const cache = options.cache ?? {};
  if (cache === null || typeof cache !== 'object') {
    throw new TypeError('expected cache to be an object');
  }
  for (const name of Object.keys(cache)) {
    if (name !== 'tokens' && name !== 'apiKeys') {
      throw new TypeError(`unknown cache option ${JSON.stringify(name)}: use tokens or apiKeys`);
    }
  }
  const apiKeys = createApiKeyVerifier({
    stores,
    clock,
    ...options.apiKeys,
    cacheSize: checkCacheSize(cache.apiKeys, 'cache.apiKeys', DEFAULT_CACHE_SIZE),
  });

  const jwt = options.jwt ?? {};
  const issuer = jwt.issuer ?? 'twofold';
  const ttlSeconds = jwt.ttlSeconds ?? 3600;
  const ring = jwt.keys ? { keys: jwt.keys } : { secret: jwt.secret };
  const sign = createJwtSigner({ ...ring, activeKid: jwt.activeKid, issuer, ttlSeconds, clock });
  const tolerance = jwt.clockToleranceSeconds ?? 0;
  const verifyJwt = cachedVerifier(
    createJwtVerifier({
      ...ring,
      issuer,
      clock,
      requiredClaims: ['sub', 'app', 'jti'],
      clockToleranceSeconds: tolerance,
    }),
    clock,
    tolerance,
    checkCacheSize(cache.tokens, 'cache.tokens', DEFAULT_CACHE_SIZE),
  );

  const rl = options.rateLimit ?? {};
  const limiter = createRateLimiter({
    limit: rl.limit ?? 1000,
    periodMs: rl.periodMs ?? 60_000,
    ...(rl.burst === undefined ? {} : { burst: rl.burst }),
    ...(stores.buckets ? { store: stores.buckets } : {}),
    onStoreError: rl.onStoreError ?? 'closed',
    ...(report ? { reportError: report } : {}),
    clock,
  });
  const policyName = rl.policyName ?? 'app';
  if (typeof policyName !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(policyName)) {
    throw new TypeError('expected rateLimit.policyName of 1 to 64 letters, digits, _ or -');
  }

  // An app's raised limit, validated once per distinct override and kept (bounded).
  const policies = new Map<string, RateLimitPolicy>();
  // Stores that hand back the same record object each time (the memory ones) skip even the key.
  const byRecord = new WeakMap<object, RateLimitPolicy>();
  const policyOf = (app: AppRecord): RateLimitPolicy => {
    const o = app.rateLimit;
    if (o == null) return limiter.policy;
    const known = byRecord.get(o);
    if (known !== undefined) return known;
    const periodMs = o.periodMs ?? limiter.policy.periodMs;
    const id = `${o.limit}/${periodMs}/${o.burst ?? ''}`;
    let policy = policies.get(id);
    if (policy === undefined) {
      const burst = o.burst ?? o.limit;
      policy = createRateLimitPolicy({ limit: o.limit, periodMs, burst });
      if (policies.size >= MAX_CACHED_POLICIES) policies.clear();
      policies.set(id, policy);
    }
    byRecord.set(o, policy);
    return policy;
  };

  const charge = (app: AppRecord): Decision | Promise<Decision> | AuthError => {
    let policy: RateLimitPolicy;
    try {
      policy = policyOf(app);
    } catch (cause) {
      const error = new AuthError('ERR_STORE_UNAVAILABLE', 'app has an invalid rate limit', {
        cause,
      });
      report?.(error);
      return error;
    }
    return limiter.consume(app.id, 1, policy);
  };

  const revocations = stores.revocations ?? createMemoryRevocationStore();

  type Outcome = GuardSuccess | GuardFailure;
  type Source = Parameters<Guard['authenticate']>[0];

  const revocationFailed = (cause: unknown, headers: Record<string, string>): GuardFailure => {
    const error = new AuthError('ERR_STORE_UNAVAILABLE', 'revocation store failed', { cause });
    report?.(error);
    return failure(error, headers);
  };

  // The JWT half, after the app was charged. Synchronous unless the revocation store is not.
  const finish = (
    source: Source,
    app: AppRecord,
    key: GuardSuccess['key'],
    decision: Decision,
  ): Outcome | Promise<Outcome> => {
    const headers = rateLimitHeaders(decision, policyName);
    if (!decision.allowed) return denied(decision.reason, headers);

    const token = readBearer(source);
    if (token === undefined) return fail('ERR_JWT_MISSING', 'bearer token missing', headers);
    if (token === null) return fail('ERR_AUTH_SCHEME', 'authorization is not Bearer', headers);
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token);
    } catch (err) {
      if (err instanceof AuthError) return failure(err, headers);
      throw err;
    }
    if (claims.app !== app.id) {
      return fail('ERR_JWT_APP_MISMATCH', 'token was issued to another app', headers);
    }

    let revoked: boolean | Promise<boolean>;
    try {
      revoked = revocations.isRevoked(String(claims.jti), clock.now());
    } catch (cause) {
      return revocationFailed(cause, headers);
    }
    if (!isThenable(revoked)) return outcome(revoked, app, key, claims, decision, headers);
    return revoked.then(
      (r) => outcome(r, app, key, claims, decision, headers),
      (cause: unknown) => revocationFailed(cause, headers),
    );
  };

  const outcome = (
    revoked: boolean,
    app: AppRecord,
    key: GuardSuccess['key'],
    claims: JwtClaims,
    decision: Decision,
    headers: Record<string, string>,
  ): Outcome => {
    if (revoked) return fail('ERR_JWT_REVOKED', 'token revoked', headers);
    const user = { id: String(claims.sub) };
    return { ok: true, app, key, user, claims, rateLimit: decision, headers };
  };

  const afterKey = (source: Source, checked: ApiKeyResult): Outcome | Promise<Outcome> => {
    if (!checked.ok) {
      if (checked.error.code === 'ERR_STORE_UNAVAILABLE') report?.(checked.error);
      return failure(checked.error);
    }
    const decision = charge(checked.app);
    if (decision instanceof AuthError) return failure(decision);
    if (!isThenable(decision)) return finish(source, checked.app, checked.key, decision);
    return decision.then((d) => finish(source, checked.app, checked.key, d));
  };

  // NOTE: no async function here. With the memory stores every step is synchronous and the
  // request costs one resolved promise instead of a chain of awaits.
  const authenticate: Guard['authenticate'] = (source) => {
    try {
      const checked = apiKeys.verify(readHeader(source, 'x-api-key'));
      const outcome = isThenable(checked)
        ? checked.then((c) => afterKey(source, c))
        : afterKey(source, checked);
      return Promise.resolve(outcome);
    } catch (err) {
      return Promise.reject(err);
    }
  };

  const login = createLogin({
    options,
    clock,
    apiKeys,
    charge,
    sign,
    ttlSeconds,
    policyName,
  });

  const revoke: Guard['revoke'] = async (claims) => {
    if (typeof claims?.jti !== 'string' || typeof claims.exp !== 'number') {
      throw new TypeError('expected verified claims with jti and exp');
    }
    await revocations.revoke(claims.jti, claims.exp * 1000);
  };

  return { authenticate, login, revoke };
}
