// The registered claims of RFC 7519 §4.1, gathered while a payload is parsed. The claim checks
// read them here instead of from the claims object: that object has a null prototype, so V8
// keeps it in dictionary mode, where every lookup (and worse, every lookup of an absent name)
// is a slow path.
import type { JsonObject } from './json.ts';

/**
 * Registered claim names; a name's position is its `slot`.
 *
 * @example
 * ```ts
 * REGISTERED_CLAIMS.indexOf('exp'); // 3
 * ```
 */
export const REGISTERED_CLAIMS: readonly string[] = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
];

/**
 * The registered claims of one payload, `undefined` when absent.
 *
 * @example
 * ```ts
 * const registered = new RegisteredClaims();
 * registered.set(REGISTERED_CLAIMS.indexOf('exp'), 1_900_000_000);
 * registered.exp; // 1900000000
 * ```
 */
export class RegisteredClaims {
  iss: unknown = undefined;
  sub: unknown = undefined;
  aud: unknown = undefined;
  exp: unknown = undefined;
  nbf: unknown = undefined;
  iat: unknown = undefined;
  jti: unknown = undefined;

  /** Records the value of the claim at `slot` in {@link REGISTERED_CLAIMS}. */
  set(slot: number, value: unknown): void {
    switch (slot) {
      case 0: this.iss = value; break;
      case 1: this.sub = value; break;
      case 2: this.aud = value; break;
      case 3: this.exp = value; break;
      case 4: this.nbf = value; break;
      case 5: this.iat = value; break;
      case 6: this.jti = value; break;
    }
  }

  /** Records every registered claim `claims` has (the general parsing path). */
  readFrom(claims: JsonObject): void {
    for (let slot = 0; slot < REGISTERED_CLAIMS.length; slot++) {
      const value = claims[REGISTERED_CLAIMS[slot]!];
      if (value !== undefined) this.set(slot, value);
    }
  }
}
