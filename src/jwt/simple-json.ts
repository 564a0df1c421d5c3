// A fast path for the JSON a JWT almost always is: one flat object, no whitespace, ASCII strings
// without escapes, integers, booleans and null. It reads the decoded bytes, builds the
// null-prototype result directly, spots duplicate and forbidden member names as it goes, and
// records the registered claims.
// NOTE: in a verifier this costs about half of JSON.parse plus a null-prototype copy. Reading
// bytes from a typed array is cheap where charCodeAt is not, and a common member name (`sub`,
// `exp`, ...) is recognised from its bytes without creating a string at all. It is a strict
// subset of JSON: whatever it returns, JSON.parse returns the same members for. Anything else
// (nesting, fractions, exponents, escapes, non-ASCII, whitespace, a repeated or forbidden name,
// more than 16 members) returns `undefined`; the caller then takes the general path, which
// reports the precise error.
import { REGISTERED_CLAIMS } from './registered.ts';
import type { RegisteredClaims } from './registered.ts';

const MAX_MEMBERS = 16;
/** Integers of up to 15 digits are exact when accumulated in a double (below 2^53). */
const MAX_DIGITS = 15;

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN = 0x7b;
const CLOSE = 0x7d;

// Common member names, recognised by their bytes packed into one number (base 128: exact for up
// to 7 characters, so no two names share a value) and found through a small hash table. Using
// one shared string for each also spares V8 looking a fresh one up in its string table before
// it can serve as a property name.
const KNOWN_NAMES = [...REGISTERED_CLAIMS, 'scope', 'app', 'azp', 'sid', 'alg', 'typ', 'kid'];
const TABLE_SIZE = 64;
const TABLE_PACKED = new Float64Array(TABLE_SIZE);
const TABLE_INDEX = new Int8Array(TABLE_SIZE).fill(-1);
KNOWN_NAMES.forEach((name, index) => {
  let packed = 0;
  let hash = 0;
  for (let i = 0; i < name.length; i++) {
    packed = packed * 128 + name.charCodeAt(i);
    hash = (hash * 31 + name.charCodeAt(i)) | 0;
  }
  let entry = hash & (TABLE_SIZE - 1);
  while (TABLE_INDEX[entry] !== -1) entry = (entry + 1) & (TABLE_SIZE - 1);
  TABLE_PACKED[entry] = packed;
  TABLE_INDEX[entry] = index;
});
const CLAIM_SLOT = KNOWN_NAMES.map((name) => REGISTERED_CLAIMS.indexOf(name));

/** Other member names of the object being parsed (reused: parsing never nests). */
const others: string[] = new Array<string>(MAX_MEMBERS).fill('');

/**
 * Parses `bytes[0, n)` when it is in the simple subset, else returns `undefined`. `bytes[n]`
 * must be 0 (a sentinel that ends every scan). Registered claims are also recorded into
 * `registered` when it is given.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode('{"sub":"u1","exp":1900000000}\0');
 * parseSimpleObject(bytes, bytes.length - 1, undefined); // { sub: 'u1', exp: 1900000000 }
 * ```
 */
export function parseSimpleObject(
  bytes: Uint8Array,
  n: number,
  registered: RegisteredClaims | undefined,
): Record<string, unknown> | undefined {
  if (n < 2 || bytes[0] !== OPEN || bytes[n - 1] !== CLOSE) return undefined;
  const out: Record<string, unknown> = Object.create(null);
  if (n === 2) return out;

  let knownSeen = 0; // one bit per known name met
  let otherCount = 0;
  let i = 1;
  for (let members = 1; members <= MAX_MEMBERS; members++) {
    // The member name: a simple string, packed as it is scanned.
    if (bytes[i] !== QUOTE) return undefined;
    const nameStart = i + 1;
    let nameEnd = nameStart;
    let packed = 0;
    let hash = 0;
    for (let c = bytes[nameEnd]!; c !== QUOTE; c = bytes[++nameEnd]!) {
      if (!isPlain(c)) return undefined;
      packed = packed * 128 + c;
      hash = (hash * 31 + c) | 0;
    }
    if (bytes[nameEnd + 1] !== COLON) return undefined;

    let name: string;
    let slot = -1;
    const known = nameEnd - nameStart <= 7 ? knownIndex(packed, hash) : -1;
    if (known >= 0) {
      if (knownSeen & (1 << known)) return undefined;
      knownSeen |= 1 << known;
      name = KNOWN_NAMES[known]!;
      slot = CLAIM_SLOT[known]!;
    } else {
      name = asciiString(bytes, nameStart, nameEnd);
      if (name === '__proto__' || name === 'constructor') return undefined;
      for (let k = 0; k < otherCount; k++) if (others[k] === name) return undefined;
      others[otherCount++] = name;
    }

    // The value.
    i = nameEnd + 2;
    const c = bytes[i]!;
    let value: unknown;
    let end = i;
    if (c === QUOTE) {
      for (let d = bytes[++end]!; d !== QUOTE; d = bytes[++end]!) if (!isPlain(d)) return undefined;
      value = asciiString(bytes, i + 1, end++);
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      const first = c === MINUS ? ++end : end;
      let number = 0;
      for (let d = bytes[end]!; d >= ZERO && d <= NINE; d = bytes[++end]!) {
        number = number * 10 + (d - ZERO);
      }
      const digits = end - first;
      if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[first] === ZERO)) {
        return undefined;
      }
      value = c === MINUS ? -number : number;
    } else if (isWordAt(bytes, i, 'true')) {
      value = true;
      end += 4;
    } else if (isWordAt(bytes, i, 'false')) {
      value = false;
      end += 5;
    } else if (isWordAt(bytes, i, 'null')) {
      value = null;
      end += 4;
    } else {
      return undefined;
    }
    out[name] = value;
    if (slot >= 0 && registered !== undefined) registered.set(slot, value);

    // A fraction or an exponent after an integer also ends up here, on the general path.
    const next = bytes[end];
    if (next !== COMMA) return next === CLOSE && end === n - 1 ? out : undefined;
    i = end + 1;
  }
  return undefined;
}

/** The index in KNOWN_NAMES of the name packed as `packed` (hashed as `hash`), or -1. */
function knownIndex(packed: number, hash: number): number {
  for (let entry = hash & (TABLE_SIZE - 1); ; entry = (entry + 1) & (TABLE_SIZE - 1)) {
    const index = TABLE_INDEX[entry]!;
    if (index < 0 || TABLE_PACKED[entry] === packed) return index;
  }
}

/** Printable ASCII but the backslash; false for the zero sentinel. */
function isPlain(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 0x5c;
}

function isWordAt(bytes: Uint8Array, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** The string of the ASCII bytes `bytes[start, end)`, built eight characters at a time. */
function asciiString(b: Uint8Array, start: number, end: number): string {
  let text = '';
  let i = start;
  for (; i + 8 <= end; i += 8) {
    text += String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!,
      b[i + 6]!, b[i + 7]!);
  }
  for (; i + 2 <= end; i += 2) text += String.fromCharCode(b[i]!, b[i + 1]!);
  if (i < end) text += String.fromCharCode(b[i]!);
  return text;
}
