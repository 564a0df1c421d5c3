// Revoked JWT ids on Redis: one string key per jti holding the token's expiry. Whether a token
// is revoked is decided against the caller's `nowMs`; the key's TTL only frees memory, so it
// is set from a clock, with a margin for servers whose clocks lag (and for fake clocks).
import { checkClock } from '../../clock.ts';
import type { Clock } from '../../clock.ts';
import type { RevocationStore } from '../revocation.ts';
import { revokeScript } from './record-scripts.ts';
import { createCommander } from './script.ts';
import type { RedisStoreOptions } from './script.ts';

/**
 * Options of {@link createRedisRevocationStore}.
 *
 * @example
 * ```ts
 * const options: RedisRevocationStoreOptions = { send, clock: systemClock };
 * ```
 */
export interface RedisRevocationStoreOptions extends RedisStoreOptions {
  /** Sets the keys' TTL, `max(expiry - now, 0) + marginMs`; lookups use the `nowMs` passed
   * in, never this clock. Default: the system clock. */
  readonly clock?: Clock;
  /** Kept past a token's expiry, for servers whose clocks lag. Default 60,000. */
  readonly marginMs?: number;
}

/**
 * Creates a revocation list on Redis (`<prefix>jti:<jti>`). Revoking twice keeps the later
 * expiry; an entry vanishes `marginMs` after its token would have expired anyway.
 *
 * @example
 * ```ts
 * const revocations = createRedisRevocationStore({ send });
 * await revocations.revoke(claims.jti, claims.exp * 1000);
 * ```
 */
export function createRedisRevocationStore(options: RedisRevocationStoreOptions): RevocationStore {
  const redis = createCommander(options);
  const clock = checkClock(options.clock);
  const marginMs = options.marginMs ?? 60_000;
  if (!(Number.isSafeInteger(marginMs) && marginMs >= 0)) {
    throw new RangeError('expected marginMs to be a non-negative integer');
  }
  const at = (jti: string) => `${redis.prefix}jti:${jti}`;

  return {
    async revoke(jti, expiresAtMs) {
      if (typeof jti !== 'string' || jti === '') throw new TypeError('expected jti to be a string');
      const exp = Math.ceil(expiresAtMs); // a JWT's exp may have a fraction of a second
      if (!Number.isSafeInteger(exp)) throw new TypeError('expected a finite expiresAtMs');
      const ttl = Math.max(exp - Math.floor(clock.now()), 0) + marginMs;
      await redis.run(revokeScript, at(jti), [String(exp), String(ttl)]);
    },
    async isRevoked(jti, nowMs) {
      if (typeof jti !== 'string' || jti === '') return false;
      const exp = await redis.send('GET', [at(jti)], at(jti));
      return exp != null && Number(exp) > nowMs;
    },
  };
}
