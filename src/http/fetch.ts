// The fetch adapter, for `(request) => Response` servers: Bun, Deno, workerd, Hono.
import type { Guard, GuardFailure, GuardSuccess } from '../guard/types.ts';
import { problemFor } from './problem.ts';

/**
 * A fetch-style handler that runs after the guard let the request through.
 *
 * @example
 * ```ts
 * const me: AuthenticatedHandler = (_request, auth) => Response.json({ user: auth.user.id });
 * const handler = withGuard(guard, me);
 * ```
 */
export type AuthenticatedHandler = (
  request: Request,
  auth: GuardSuccess,
) => Response | Promise<Response>;

/**
 * The `application/problem+json` response (RFC 9457) for a refused request, with its headers
 * (`WWW-Authenticate`, `Retry-After`, RateLimit).
 *
 * @example
 * ```ts
 * const result = await guard.authenticate(request);
 * if (!result.ok) return problemResponse(result);
 * ```
 */
export function problemResponse(result: GuardFailure): Response {
  const body = JSON.stringify(problemFor(result.status, result.code, result.message));
  const headers = new Headers(result.headers);
  headers.set('content-type', 'application/problem+json');
  return new Response(body, { status: result.status, headers });
}

/**
 * Wraps a fetch handler: authenticates each request, answers failures as problem details, and
 * adds the RateLimit headers to the handler's response.
 *
 * @example
 * ```ts
 * const handler = withGuard(guard, (request, auth) => Response.json({ user: auth.user.id }));
 * Bun.serve({ fetch: handler });
 * ```
 */
export function withGuard(
  guard: Guard,
  handler: AuthenticatedHandler,
): (request: Request) => Promise<Response> {
  if (typeof guard?.authenticate !== 'function') throw new TypeError('expected a guard');
  if (typeof handler !== 'function') throw new TypeError('expected handler to be a function');

  return async (request) => {
    const auth = await guard.authenticate(request);
    if (!auth.ok) return problemResponse(auth);
    const response = await handler(request, auth);
    const names = Object.keys(auth.headers);
    if (names.length === 0) return response;
    // Responses from fetch() have immutable headers; copy into a new response when needed.
    const headers = new Headers(response.headers);
    for (const name of names) headers.set(name, auth.headers[name]!);
    const { status, statusText } = response;
    return new Response(response.body, { status, statusText, headers });
  };
}
