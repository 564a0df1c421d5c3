// A fast path for the JSON a claims set almost always is: one flat object, no whitespace, ASCII
// strings without escapes, integers, booleans and null. It builds the null-prototype result
// directly and sees duplicate or forbidden member names as it goes.
// NOTE: JSON.parse followed by a null-prototype copy costs about twice this in a verifier
// (JSON.parse is a C++ call, the copy is another), so this pays for itself. It is a strict
// subset: whatever it returns, JSON.parse returns the same members for; anything else (nesting,
// fractions, exponents, escapes, non-ASCII, whitespace, a repeated or forbidden name, more than
// 16 members) returns `undefined`, and the caller takes the general path, which then reports
// the precise error.

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

/**
 * Parses `text` when it is in the simple subset, else returns `undefined`.
 *
 * @example
 * ```ts
 * parseSimpleObject('{"sub":"u1","exp":1900000000}'); // { sub: 'u1', exp: 1900000000 }
 * parseSimpleObject('{ "sub": "u1" }'); // undefined: whitespace, take the general path
 * ```
 */
export function parseSimpleObject(text: string): Record<string, unknown> | undefined {
  const n = text.length;
  if (n < 2 || text.charCodeAt(0) !== OPEN || text.charCodeAt(n - 1) !== CLOSE) return undefined;
  const out: Record<string, unknown> = Object.create(null);
  if (n === 2) return out;

  const names: string[] = [];
  let i = 1;
  for (;;) {
    const nameEnd = endOfString(text, i);
    if (nameEnd < 0 || text.charCodeAt(nameEnd + 1) !== COLON) return undefined;
    const name = text.slice(i + 1, nameEnd);
    if (name === '__proto__' || name === 'constructor' || names.length === MAX_MEMBERS) {
      return undefined;
    }
    for (let k = 0; k < names.length; k++) if (names[k] === name) return undefined;
    names.push(name);

    i = nameEnd + 2;
    const c = text.charCodeAt(i);
    let value: unknown;
    let end: number;
    if (c === QUOTE) {
      end = endOfString(text, i);
      if (end < 0) return undefined;
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

    const next = text.charCodeAt(end);
    if (next === COMMA) i = end + 1;
    else return next === CLOSE && end === n - 1 ? out : undefined;
  }
}

/** Index of the closing quote of the string opening at `start`, or -1 if it is not simple. */
function endOfString(text: string, start: number): number {
  if (text.charCodeAt(start) !== QUOTE) return -1;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c < 0x20 || c > 0x7e || c === 0x5c) return -1; // control, non-ASCII, backslash
  }
  return -1;
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
