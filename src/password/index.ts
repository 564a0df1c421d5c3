// Password hashing for logins: PBKDF2-HMAC-SHA256 through Web Crypto by default (every runtime
// has it), scrypt where the crypto provider offers it. Hashes are PHC strings, so the algorithm
// and cost travel with the hash and `needsRehash` can upgrade old ones at login.
import { AuthError } from '../errors.ts';
import { defaultCrypto } from '../crypto/index.ts';
import type { CryptoProvider } from '../crypto/types.ts';
import { timingSafeEqual, toHex } from '../lib/bytes.ts';
import { utf8Encode } from '../lib/utf8.ts';
import { formatPhc, parsePhc } from './phc.ts';
import type { PhcHash } from './phc.ts';

/**
 * Options of {@link createPasswordHasher}.
 *
 * @example
 * ```ts
 * const options: PasswordHasherOptions = { iterations: 100_000 }; // Cloudflare's hosted Workers
 * ```
 */
export interface PasswordHasherOptions {
  /** Algorithm for new hashes. Default `'pbkdf2-sha256'`. */
  readonly algorithm?: 'pbkdf2-sha256' | 'scrypt';
  /** PBKDF2 iterations for new hashes. Default 600,000 (OWASP, 2023). */
  readonly iterations?: number;
  /** scrypt cost for new hashes. Default `{ ln: 17, r: 8, p: 1 }` (OWASP). */
  readonly scrypt?: { readonly ln: number; readonly r: number; readonly p: number };
  /** Longest accepted password in UTF-8 bytes. Default 1,024. */
  readonly maxPasswordBytes?: number;
  /** Crypto provider, for scrypt. Default: the runtime's. */
  readonly crypto?: CryptoProvider;
}

/**
 * Hashes and verifies passwords; see {@link createPasswordHasher}.
 *
 * @example
 * ```ts
 * const passwords: PasswordHasher = createPasswordHasher();
 * if (passwords.needsRehash(user.passwordHash)) save(await passwords.hash(password));
 * ```
 */
export interface PasswordHasher {
  /** A new PHC hash of `password` with a fresh 16-byte salt. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `phc`; throws `AuthError` for a malformed hash. */
  verify(password: string, phc: string): Promise<boolean>;
  /** True when `phc` uses another algorithm or a lower cost than new hashes would. */
  needsRehash(phc: string): boolean;
  /** Costs what a real verification costs, then resolves to false (for unknown users). */
  verifyDummy(password: string): Promise<false>;
}

const MAX_ITERATIONS = 10_000_000;
const HASH_BYTES = 32;

function checkInt(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`expected ${name} to be an integer`);
  }
  if (value < min || value > max) {
    throw new RangeError(`expected ${name} between ${min} and ${max}, got ${value}`);
  }
  return value;
}

type Bytes = Uint8Array<ArrayBuffer>;

async function pbkdf2(password: Bytes, salt: Bytes, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  const params = { name: 'PBKDF2', hash: 'SHA-256', salt, iterations };
  return new Uint8Array(await subtle.deriveBits(params, key, HASH_BYTES * 8));
}

/**
 * Creates a password hasher. Options are checked once, here.
 *
 * @example
 * ```ts
 * const passwords = createPasswordHasher();
 * const stored = await passwords.hash('correct horse battery staple');
 * await passwords.verify('correct horse battery staple', stored); // true
 * ```
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const algorithm = options.algorithm ?? 'pbkdf2-sha256';
  if (algorithm !== 'pbkdf2-sha256' && algorithm !== 'scrypt') {
    throw new TypeError(`expected algorithm 'pbkdf2-sha256' or 'scrypt', got ${String(algorithm)}`);
  }

  const iterations = checkInt('iterations', options.iterations ?? 600_000, 1, MAX_ITERATIONS);
  const sc = options.scrypt ?? { ln: 17, r: 8, p: 1 };
  const ln = checkInt('scrypt.ln', sc.ln, 1, 24);
  const r = checkInt('scrypt.r', sc.r, 1, 32);
  const p = checkInt('scrypt.p', sc.p, 1, 16);
  const maxBytes = checkInt('maxPasswordBytes', options.maxPasswordBytes ?? 1024, 1, 65536);
  const crypto = options.crypto ?? defaultCrypto;
  if (algorithm === 'scrypt' && !crypto.scrypt) {
    throw new TypeError(`the ${crypto.name} crypto provider has no scrypt; use pbkdf2-sha256`);
  }

  const encode = (password: string): Bytes => {
    if (typeof password !== 'string') {
      throw new AuthError('ERR_LOGIN_FAILED', 'password must be a string', { field: 'password' });
    }
    // NIST SP 800-63B §5.1.1.2: normalise Unicode so equal-looking passwords match.
    const bytes = utf8Encode(password.normalize('NFC'));
    if (bytes.length > maxBytes) {
      throw new AuthError('ERR_PASSWORD_TOO_LONG', `password is longer than ${maxBytes} bytes`, {
        field: 'password',
      });
    }
    return bytes;
  };

  const derive = async (pw: Bytes, phc: PhcHash): Promise<Uint8Array | undefined> => {
    const { id, params, salt, hash } = phc;
    if (salt.length < 4 || salt.length > 64 || hash.length < 16 || hash.length > 64) return;
    if (id === 'pbkdf2-sha256' && params.size === 1) {
      const i = params.get('i');
      if (i === undefined || i < 1 || i > MAX_ITERATIONS || hash.length !== HASH_BYTES) return;
      return pbkdf2(pw, new Uint8Array(salt), i);
    }
    if (id === 'scrypt' && params.size === 3 && crypto.scrypt) {
      const [sln, sr, sp] = [params.get('ln'), params.get('r'), params.get('p')];
      if (sln === undefined || sr === undefined || sp === undefined) return;
      if (sln < 1 || sln > 24 || sr < 1 || sr > 32 || sp < 1 || sp > 16) return;
      return crypto.scrypt(pw, salt, { ln: sln, r: sr, p: sp, keyLength: hash.length });
    }
    return undefined;
  };

  const hash = async (password: string): Promise<string> => {
    const pw = encode(password);
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
    if (algorithm === 'scrypt') {
      const out = await crypto.scrypt!(pw, salt, { ln, r, p, keyLength: HASH_BYTES });
      return formatPhc('scrypt', [['ln', ln], ['r', r], ['p', p]], salt, out);
    }
    const out = await pbkdf2(pw, salt, iterations);
    return formatPhc('pbkdf2-sha256', [['i', iterations]], salt, out);
  };

  const verify = async (password: string, phc: string): Promise<boolean> => {
    const pw = encode(password);
    const parsed = parsePhc(phc);
    const derived = parsed && (await derive(pw, parsed));
    if (!parsed || !derived) {
      throw new AuthError('ERR_PASSWORD_HASH_INVALID', 'stored password hash is not supported');
    }
    return timingSafeEqual(derived, parsed.hash);
  };

  let dummy: Promise<string> | undefined;
  const verifyDummy = async (password: string): Promise<false> => {
    dummy ??= hash(toHex(globalThis.crypto.getRandomValues(new Uint8Array(16))));
    await verify(password, await dummy);
    return false;
  };

  const needsRehash = (phc: string): boolean => {
    const parsed = parsePhc(phc);
    if (!parsed || parsed.id !== algorithm) return true;
    if (algorithm === 'pbkdf2-sha256') return (parsed.params.get('i') ?? 0) < iterations;
    const [pln, pr, pp] = ['ln', 'r', 'p'].map((k) => parsed.params.get(k) ?? 0);
    return pln! < ln || pr! < r || pp! < p;
  };

  return { hash, verify, needsRehash, verifyDummy };
}
