// JSON objects from a token: parsed once, by the fast path of simple-json.ts when the text is in
// its subset, else by the platform's JSON.parse, then refused when a member name repeats
// (JSON.parse silently keeps the last one; RFC 7515 §4 and RFC 7519 §4 allow rejecting, and we
// do) or is `__proto__` / `constructor` (prototype pollution bait for code that merges claims),
// at any depth.
import { jwtError } from './errors.ts';
import type { RegisteredClaims } from './registered.ts';
import { bytesToText } from './segment.ts';
import { parseSimpleObject } from './simple-json.ts';

/** Deeper nesting is refused: claims are shallow, and the walk below recurses. */
const MAX_DEPTH = 32;

/**
 * A parsed header or claims set: a fresh object with a null prototype.
 *
 * @example
 * ```ts
 * const claims: JsonObject = parseJsonObject(segments.bytes, n, 'payload');
 * ```
 */
export type JsonObject = Record<string, unknown>;

/**
 * Parses a decoded segment, `bytes[0, n)` (then a zero byte), which must be a UTF-8 JSON object
 * with unique, safe member names, into a fresh null-prototype object. `part` ('header' or
 * 'payload') names the segment in errors; the registered claims are also recorded into
 * `registered` if given.
 *
 * @example
 * ```ts
 * const n = segments.decode(token, 0, dot1, 'header');
 * const header = parseJsonObject(segments.bytes, n, 'header');
 * ```
 */
export function parseJsonObject(
  bytes: Uint8Array,
  n: number,
  part: string,
  registered?: RegisteredClaims,
): JsonObject {
  const simple = parseSimpleObject(bytes, n, registered);
  if (simple !== undefined) return simple;
  const object = parseAnyObject(bytesToText(bytes, n, part), part);
  registered?.readFrom(object);
  return object;
}

function parseAnyObject(text: string, part: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const code = part === 'header' ? 'ERR_JWT_HEADER_INVALID' : 'ERR_JWT_PAYLOAD_INVALID';
    throw jwtError(code, `${part} is not a JSON object`, part);
  }

  // NOTE: re-prototyping the fresh object costs less than copying it into Object.create(null)
  // (a dictionary-mode object), keeps fast property access, and makes for-in own-only.
  const out = Object.setPrototypeOf(value, null) as JsonObject;
  let members = 0;
  for (const name in out) {
    if (name === '__proto__' || name === 'constructor') throw forbidden(part, name);
    const member = out[name];
    members++;
    if (typeof member === 'object' && member !== null) members += countMembers(member, part, 1);
  }

  // Every member has one `:` outside strings, so when the text holds no more colons than the
  // parsed objects hold members, none was lost to a duplicate. Colons inside strings (URLs)
  // take the exact, string-aware count.
  if (members !== countColons(text) && members !== countMembersInText(text)) {
    throw jwtError('ERR_JWT_DUPLICATE_MEMBER', `${part} repeats a member name`, part);
  }
  return out;
}

/** Members of the objects inside a nested value; throws on a forbidden name. */
function countMembers(value: object, part: string, depth: number): number {
  if (depth > MAX_DEPTH) {
    const code = part === 'header' ? 'ERR_JWT_HEADER_INVALID' : 'ERR_JWT_PAYLOAD_INVALID';
    throw jwtError(code, `${part} nests deeper than ${MAX_DEPTH} levels`, part);
  }

  let members = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null) members += countMembers(item, part, depth + 1);
    }
    return members;
  }

  for (const name of Object.keys(value)) {
    if (name === '__proto__' || name === 'constructor') throw forbidden(part, name);
    const member = (value as JsonObject)[name];
    members += 1;
    if (typeof member === 'object' && member !== null) {
      members += countMembers(member, part, depth + 1);
    }
  }
  return members;
}

function countColons(text: string): number {
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  return colons;
}

/** Colons outside strings in valid JSON text: one per object member. */
function countMembersInText(text: string): number {
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) members++;
  }
  return members;
}

function forbidden(part: string, name: string): Error {
  return jwtError('ERR_JWT_FORBIDDEN_MEMBER', `${part} has a member named ${name}`, name);
}
