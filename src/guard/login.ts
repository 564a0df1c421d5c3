// Login: check the key, charge the app's bucket, check the password, issue a JWT. Unknown users
// cost one dummy verification, the same as known ones, and a small bucket per app and username
// refuses further attempts after repeated failures, before any password work.
import type { ApiKeyVerifier } from '../api-key/verify.ts';
import type { Clock } from '../clock.ts';
import { AuthError } from '../errors.ts';
import type { JwtSigner } from '../jwt/index.ts';
import { encodeBase64url } from '../lib/base64url.ts';
import { createPasswordHasher } from '../password/index.ts';
import type { PasswordHasher } from '../password/index.ts';
import { createMemoryBucketStore, createRateLimiter } from '../rate-limit/index.ts';
import { rateLimitHeaders } from '../rate-limit/index.ts';
import type { Decision } from '../rate-limit/index.ts';
import type { AppRecord, UserRecord } from '../store/types.ts';
import { denied, failure } from './result.ts';
import type { Guard, GuardOptions, LoginSuccess } from './types.ts';

const MAX_USERNAME_LENGTH = 256;
const SWEEP_EVERY = 1024;

interface LoginDeps {
  readonly options: GuardOptions;
  readonly clock: Clock;
  readonly apiKeys: ApiKeyVerifier;
  readonly charge: (app: AppRecord) => Decision | Promise<Decision> | AuthError;
  readonly sign: JwtSigner;
  readonly ttlSeconds: number;
  readonly policyName: string;
}

function isHasher(value: unknown): value is PasswordHasher {
  return typeof (value as PasswordHasher | undefined)?.verify === 'function';
}

const loginFailed = (message: string, headers?: Readonly<Record<string, string>>) =>
  failure(new AuthError('ERR_LOGIN_FAILED', message), headers);

/**
 * Builds `guard.login` from the guard's parts.
 *
 * @example
 * ```ts
 * const login = createLogin({ options, clock, apiKeys, charge, sign, ttlSeconds, policyName });
 * ```
 */
export function createLogin(deps: LoginDeps): Guard['login'] {
  const { options, clock, apiKeys, charge, sign, ttlSeconds, policyName } = deps;
  const users = options.stores.users;
  const passwords = isHasher(options.password)
    ? options.password
    : createPasswordHasher(options.password ?? {});
  // Throttle buckets live in the configured bucket store; in the default memory store, full
  // ones are swept every SWEEP_EVERY failures, so failed usernames cannot pile up.
  const memory = options.stores.buckets ? undefined : createMemoryBucketStore();
  const store = options.stores.buckets ?? memory!;
  const lt = options.loginThrottle ?? {};
  const throttle = createRateLimiter({
    limit: lt.limit ?? 10,
    periodMs: lt.periodMs ?? 15 * 60_000,
    clock,
    onStoreError: 'closed',
    store,
  });
  // Password checks per app: each costs a slow hash (about 0.1 s of CPU by default), so an app's
  // key must not buy as many of them as it may make ordinary requests.
  const perApp = createRateLimiter({
    limit: lt.appLimit ?? 60,
    periodMs: lt.appPeriodMs ?? 60_000,
    clock,
    onStoreError: 'closed',
    store,
  });
  let failures = 0;
  // Attempts whose password check is running count as failures until they end, so a burst of
  // parallel guesses cannot all pass the throttle before the first failure is recorded.
  const pending = new Map<string, number>();

  const settle = async (throttleKey: string, ok: boolean): Promise<void> => {
    // Record the failure before the attempt stops counting as pending: no window between.
    if (!ok) {
      await throttle.consume(throttleKey, 1);
      if (memory && ++failures % SWEEP_EVERY === 0) memory.sweep(clock.now());
    }
    const n = (pending.get(throttleKey) ?? 1) - 1;
    if (n === 0) pending.delete(throttleKey);
    else pending.set(throttleKey, n);
  };

  // Time until one more attempt is free: the bucket refills a token every periodMs / limit.
  const { burst, periodMs, limit } = throttle.policy;
  const retryAfter = (resetMs: number, inFlight: number): string =>
    String(Math.max(1, Math.ceil((resetMs - (burst - inFlight - 1) * (periodMs / limit)) / 1000)));

  return async ({ apiKey, username, password }) => {
    const checked = await apiKeys.verify(apiKey);
    if (!checked.ok) return failure(checked.error);
    const { app } = checked;

    const charged = charge(app);
    if (charged instanceof AuthError) return failure(charged);
    const decision = await charged;
    const headers = rateLimitHeaders(decision, policyName);
    if (!decision.allowed) return denied(decision.reason, headers);

    if (typeof username !== 'string' || typeof password !== 'string' || username === '') {
      return loginFailed('username and password are required', headers);
    }
    if (username.length > MAX_USERNAME_LENGTH) return loginFailed('username too long', headers);

    const appCharge = await perApp.consume(`login-app\u0000${app.id}`, 1);
    if (!appCharge.allowed) {
      if (appCharge.reason === 'store-unavailable') return denied(appCharge.reason, headers);
      const error = new AuthError('ERR_LOGIN_THROTTLED', 'too many logins for this app');
      const seconds = String(Math.max(1, Math.ceil(appCharge.retryAfterMs / 1000)));
      return failure(error, { ...headers, 'Retry-After': seconds });
    }

    // The NUL-separated prefix keeps these keys apart from the apps' buckets (keyed by app id).
    const throttleKey = `login\u0000${app.id}\u0000${username}`;
    const peek = await throttle.consume(throttleKey, 0);
    if (peek.reason === 'store-unavailable') return denied(peek.reason, headers);
    // No await from here to the increment: parallel attempts see each other as pending.
    const inFlight = pending.get(throttleKey) ?? 0;
    if (peek.remaining <= inFlight) {
      const error = new AuthError('ERR_LOGIN_THROTTLED', 'too many failed logins; try later');
      return failure(error, { ...headers, 'Retry-After': retryAfter(peek.resetMs, inFlight) });
    }
    pending.set(throttleKey, inFlight + 1);

    let ok = false;
    try {
      let user: UserRecord | undefined;
      try {
        user = await users.find(app.id, username);
      } catch (cause) {
        const error = new AuthError('ERR_STORE_UNAVAILABLE', 'user store failed', { cause });
        options.onError?.(error);
        return failure(error, headers);
      }
      ok = user ? await passwords.verify(password, user.passwordHash) : false;
      if (!user) await passwords.verifyDummy(password);
      if (!ok || !user) return loginFailed('invalid username or password', headers);
      if (user.status !== 'active') {
        return failure(new AuthError('ERR_USER_DISABLED', 'user disabled'), headers);
      }
      if (passwords.needsRehash(user.passwordHash)) {
        const passwordHash = await passwords.hash(password);
        await Promise.resolve(users.update(app.id, username, { passwordHash })).catch(
          (err: unknown) => options.onError?.(err),
        );
      }
      const jti = encodeBase64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
      const token = sign({ sub: user.id, app: app.id, jti });
      const result: LoginSuccess = {
        ok: true,
        access_token: token,
        token_type: 'Bearer',
        expires_in: ttlSeconds,
        headers,
      };
      return result;
    } catch (err) {
      if (err instanceof AuthError) return failure(err, headers);
      // The platform refused the hash (a runtime capping PBKDF2 iterations, say).
      const error = new AuthError('ERR_PASSWORD_HASH_INVALID', 'password hashing failed', {
        cause: err,
      });
      options.onError?.(error);
      return failure(error, headers);
    } finally {
      await settle(throttleKey, ok);
    }
  };
}
