// Reading the two credentials from whatever a server hands us: a fetch `Headers`, a `Request`,
// or a Node header record (`IncomingHttpHeaders`), where a repeated header is an array.

/**
 * Header sources the guard accepts.
 *
 * @example
 * ```ts
 * const fromNode: HeaderSource = req.headers; // IncomingHttpHeaders
 * const fromFetch: HeaderSource = request; // a Request, or its Headers
 * ```
 */
export type HeaderSource =
  | { get(name: string): string | null }
  | { headers: { get(name: string): string | null } }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The value of header `name` (lowercase), or `undefined` when absent. Repeated values are joined
 * with `", "` as fetch does, so a repeated credential never passes as a single one.
 *
 * @example
 * ```ts
 * readHeader(request, 'x-api-key');
 * readHeader(req.headers, 'authorization');
 * ```
 */
export function readHeader(source: HeaderSource, name: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  if (hasGet(source)) return source.get(name) ?? undefined;
  const nested = (source as { headers?: unknown }).headers;
  if (hasGet(nested)) return nested.get(name) ?? undefined;
  if (!Object.hasOwn(source, name)) return undefined;
  const value = (source as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.length === 0 ? undefined : value.join(', ');
  }
  return undefined;
}

function hasGet(x: unknown): x is { get(name: string): string | null } {
  return x !== null && typeof x === 'object' && typeof (x as { get?: unknown }).get === 'function';
}

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme is
 * case-insensitive). `null` when the header uses another scheme, `undefined` when absent.
 *
 * @example
 * ```ts
 * readBearer({ authorization: 'Bearer eyJhbGciOi...' }); // 'eyJhbGciOi...'
 * readBearer({ authorization: 'Basic dXNlcjpwYXNz' }); // null
 * readBearer({}); // undefined
 * ```
 */
export function readBearer(source: HeaderSource): string | null | undefined {
  const value = readHeader(source, 'authorization');
  if (value === undefined || value === '') return undefined;
  // `Bearer` alone: HTTP parsers trim the space after it, so this is an empty token too.
  if (value.length === 6 && value.toLowerCase() === 'bearer') return undefined;
  const space = value.indexOf(' ');
  if (space < 0 || value.slice(0, space).toLowerCase() !== 'bearer') return null;
  let start = space;
  while (value.charCodeAt(start) === 32) start++;
  return value.slice(start);
}
