// Logout: a revoked token's `jti` is remembered until the token would have expired anyway, so
// the list never outgrows the set of live tokens.

/**
 * Where revoked JWT ids live until their expiry. Times are milliseconds, passed in by the
 * caller; a store never reads a clock.
 *
 * @example
 * ```ts
 * const revocations: RevocationStore = createMemoryRevocationStore();
 * await revocations.revoke(claims.jti, claims.exp * 1000);
 * await revocations.isRevoked(claims.jti, Date.now()); // true
 * ```
 */
export interface RevocationStore {
  /** Remembers `jti` as revoked until `expiresAtMs`. */
  revoke(jti: string, expiresAtMs: number): void | Promise<void>;
  /** True when `jti` was revoked and `nowMs` is before its expiry. */
  isRevoked(jti: string, nowMs: number): boolean | Promise<boolean>;
}

/**
 * The in-memory revocation list, with `sweep(now)` to drop entries past their expiry.
 *
 * @example
 * ```ts
 * const revocations: MemoryRevocationStore = createMemoryRevocationStore();
 * revocations.sweep(Date.now()); // entries dropped
 * ```
 */
export interface MemoryRevocationStore extends RevocationStore {
  revoke(jti: string, expiresAtMs: number): void;
  isRevoked(jti: string, nowMs: number): boolean;
  /** Drops expired entries; returns how many it dropped. */
  sweep(nowMs: number): number;
  /** Number of entries held. */
  readonly size: number;
}

/**
 * Creates the in-memory revocation list. Expired entries are dropped on lookup and swept
 * whenever the list has doubled since the last sweep, so memory stays bounded by live tokens.
 *
 * @example
 * ```ts
 * const revocations = createMemoryRevocationStore();
 * revocations.revoke(claims.jti, claims.exp * 1000);
 * ```
 */
export function createMemoryRevocationStore(): MemoryRevocationStore {
  const entries = new Map<string, number>();
  let sweepAt = 1024;
  let lastNow = -Infinity;

  const sweep = (nowMs: number): number => {
    let dropped = 0;
    for (const [jti, exp] of entries) {
      if (exp <= nowMs) {
        entries.delete(jti);
        dropped++;
      }
    }
    sweepAt = Math.max(1024, entries.size * 2);
    return dropped;
  };

  return {
    revoke(jti, expiresAtMs) {
      if (typeof jti !== 'string' || jti === '') throw new TypeError('expected jti to be a string');
      if (!Number.isFinite(expiresAtMs)) throw new TypeError('expected a finite expiresAtMs');
      if (expiresAtMs <= lastNow) return;
      entries.set(jti, Math.max(expiresAtMs, entries.get(jti) ?? -Infinity));
      if (entries.size >= sweepAt) sweep(lastNow);
    },
    isRevoked(jti, nowMs) {
      if (nowMs > lastNow) lastNow = nowMs;
      const exp = entries.get(jti);
      if (exp === undefined) return false;
      if (exp > nowMs) return true;
      entries.delete(jti);
      return false;
    },
    sweep,
    get size() {
      return entries.size;
    },
  };
}
