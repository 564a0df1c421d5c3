// The node:http adapter: `(req, res, next)` middleware for node:http, Express and Connect.
// It imports nothing from node:, so the browser build stays free of it.
import type { Guard, GuardFailure, GuardSuccess } from '../guard/types.ts';
import { problemFor } from './problem.ts';

/**
 * The parts of `IncomingMessage` the middleware reads and writes.
 *
 * @example
 * ```ts
 * createServer((req: IncomingMessage & NodeRequestLike, res) => {
 *   auth(req, res, () => res.end(req.auth!.user.id));
 * });
 * ```
 */
export interface NodeRequestLike {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set to the guard's success result for the next handler. */
  auth?: GuardSuccess;
}

/**
 * The parts of `ServerResponse` the middleware uses.
 *
 * @example
 * ```ts
 * const res: NodeResponseLike = serverResponse; // node:http, Express or Connect
 * writeProblem(res, failure);
 * ```
 */
export interface NodeResponseLike {
  setHeader(name: string, value: string): unknown;
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
  readonly headersSent?: boolean;
}

/**
 * Writes a refused request as `application/problem+json` with its headers.
 *
 * @example
 * ```ts
 * if (!result.ok) return writeProblem(res, result);
 * ```
 */
export function writeProblem(res: NodeResponseLike, result: GuardFailure): void {
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  res.writeHead(result.status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(problemFor(result.status, result.code, result.message)));
}

/**
 * Middleware that authenticates each request. On success it sets the RateLimit headers, puts
 * the result on `req.auth` and calls `next()`; on failure it answers with problem details.
 * Errors (none are expected) go to `next(err)`, as Express and Connect do.
 *
 * @example
 * ```ts
 * const auth = guardMiddleware(guard);
 * app.get('/v1/me', auth, (req, res) => res.json({ user: req.auth.user.id }));
 * ```
 */
export function guardMiddleware(
  guard: Guard,
): (req: NodeRequestLike, res: NodeResponseLike, next: (err?: unknown) => void) => void {
  if (typeof guard?.authenticate !== 'function') throw new TypeError('expected a guard');

  return (req, res, next) => {
    guard.authenticate(req.headers).then((auth) => {
      if (!auth.ok) return writeProblem(res, auth);
      for (const [name, value] of Object.entries(auth.headers)) res.setHeader(name, value);
      req.auth = auth;
      next();
    }, next);
  };
}
