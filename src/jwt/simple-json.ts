// A fast path for the JSON a JWT almost always is: one flat object, no whitespace, ASCII strings
// without escapes, integers, booleans and null. It builds the null-prototype result directly,
// spots duplicate and forbidden member names as it goes, and records the registered claims.
// NOTE: in a verifier this costs about two thirds of JSON.parse plus a null-prototype copy
// (JSON.parse is a C++ call, and so is re-prototyping its result). It is a strict subset of
// JSON: whatever it returns, JSON.parse returns the same members for. Anything else (nesting,
// fractions, exponents, escapes, non-ASCII, whitespace, a repeated or forbidden name, more than
// 16 members) returns `undefined`, and the caller takes the general path, which then reports
// the precise error.
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

// Member names met in most tokens, found by a hash of their characters instead of slicing a new
// string that V8 must then look up in its string table to use as a property name.
const COMMON_NAMES = ['scope', 'app', 'azp', 'sid', 'client_id', 'alg', 'typ', 'kid'];
const TABLE_SIZE = 128;
const NAMES: (string | undefined)[] = new Array<string | undefined>(TABLE_SIZE).fill(undefined);
const CLAIM_SLOTS = new Int8Array(TABLE_SIZE).fill(-1);
for (const name of [...REGISTERED_CLAIMS, ...COMMON_NAMES]) {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const entry = hash & (TABLE_SIZE - 1);
  if (NAMES[entry] !== undefined) continue; // a collision: that name is just sliced
  NAMES[entry] = name;
  CLAIM_SLOTS[entry] = REGISTERED_CLAIMS.indexOf(name);
}

/** The names of the object being parsed, for the duplicate check (reused: parsing never nests). */
const seen: string[] = new Array<string>(MAX_MEMBERS).fill('');

/**
 * Parses `text` when it is in the simple subset, else returns `undefined`. Registered claims are
 * also recorded into `registered` when it is given.
 *
 * @example
 * ```ts
 * parseSimpleObject('{"sub":"u1","exp":1900000000}', undefined); // { sub: 'u1', exp: 1900000000 }
 * parseSimpleObject('{ "sub": "u1" }', undefined); // undefined: whitespace, take the general path
 * ```
 */
export function parseSimpleObject(
  text: string,
  registered: RegisteredClaims | undefined,
): Record<string, unknown> | undefined {
  const n = text.length;
  if (n < 2 || text.charCodeAt(0) !== OPEN || text.charCodeAt(n - 1) !== CLOSE) return undefined;
  const out: Record<string, unknown> = Object.create(null);
  if (n === 2) return out;

  let members = 0;
  let i = 1;
  for (;;) {
    // The member name: a simple string, hashed as it is scanned.
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    let nameEnd = i + 1;
    let hash = 0;
    for (let c = text.charCodeAt(nameEnd); c !== QUOTE; c = text.charCodeAt(++nameEnd)) {
      if (!isPlain(c)) return undefined;
      hash = (hash * 31 + c) | 0;
    }
    if (text.charCodeAt(nameEnd + 1) !== COLON) return undefined;

    const entry = hash & (TABLE_SIZE - 1);
    let name = NAMES[entry];
    let slot = CLAIM_SLOTS[entry]!;
    if (name === undefined || !isAt(text, i + 1, nameEnd, name)) {
      name = text.slice(i + 1, nameEnd);
      slot = -1;
      if (name === '__proto__' || name === 'constructor') return undefined;
    }
    if (members === MAX_MEMBERS) return undefined;
    for (let k = 0; k < members; k++) if (seen[k] === name) return undefined;
    seen[members++] = name;

    // The value.
    i = nameEnd + 2;
    const c = text.charCodeAt(i);
    let value: unknown;
    let end: number;
    if (c === QUOTE) {
      end = i + 1;
      for (let d = text.charCodeAt(end); d !== QUOTE; d = text.charCodeAt(++end)) {
        if (!isPlain(d)) return undefined;
      }
      value = text.slice(i + 1, end);
      end++;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      end = endOfInteger(text, i);
      if (end < 0) return undefined;
      value = integerValue(text, i, end);
    } else if (text.startsWith('true', i)) {
      value = true;
      end = i + 4;
    } else if (text.startsWith('false', i)) {
      value = false;
      end = i + 5;
    } else if (text.startsWith('null', i)) {
      value = null;
      end = i + 4;
    } else {
      return undefined;
    }
    out[name] = value;
    if (slot >= 0 && registered !== undefined) registered.set(slot, value);

    const next = text.charCodeAt(end);
    if (next === COMMA) i = end + 1;
    else return next === CLOSE && end === n - 1 ? out : undefined;
  }
}

/** Printable ASCII but the backslash; false past the end of the text (NaN). */
function isPlain(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 0x5c;
}

/** True when `text[start, end)` is `name`. */
function isAt(text: string, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) {
    if (text.charCodeAt(start + k) !== name.charCodeAt(k)) return false;
  }
  return true;
}

/** End of `-?(0|[1-9][0-9]{0,14})` at `start` when no fraction or exponent follows, else -1. */
function endOfInteger(text: string, start: number): number {
  const first = text.charCodeAt(start) === MINUS ? start + 1 : start;
  let i = first;
  for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(++i));
  const digits = i - first;
  if (digits === 0 || digits > MAX_DIGITS) return -1;
  if (digits > 1 && text.charCodeAt(first) === ZERO) return -1;
  const c = text.charCodeAt(i);
  return c === COMMA || c === CLOSE ? i : -1;
}

function integerValue(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === MINUS;
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    value = value * 10 + (text.charCodeAt(i) - ZERO);
  }
  return negative ? -value : value;
}
