// The reference server: the whole two-fold flow on node:http and the embedded in-memory stores,
// built on twofold's public API only. `npm start` runs it; tests import `createReferenceServer`.
//
//   POST /v1/auth/login   x-api-key + username/password (query string, JSON or form body)
//   GET  /v1/me           x-api-key + Authorization: Bearer <jwt>
//   POST /v1/auth/logout  x-api-key + Authorization: Bearer <jwt>
//   GET  /healthz
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  createApiKeyAdmin,
  createGuard,
  createMemoryStores,
  createPasswordHasher,
  problemFor,
  readHeader,
} from './index.ts';
import type { AuthErrorCode, Clock, Guard, GuardFailure, GuardSuccess, Stores } from './index.ts';

/**
 * Options of {@link createReferenceServer}.
 *
 * @example
 * ```ts
 * const options: ReferenceServerOptions = { jwtSecret: secret, passwordIterations: 1_000 };
 * ```
 */
export interface ReferenceServerOptions {
  /** HMAC secret for JWTs, at least 32 bytes. */
  readonly jwtSecret: Uint8Array;
  /** Stores; default: fresh in-memory stores. */
  readonly stores?: Stores;
  /** Clock, injected by tests. */
  readonly clock?: Clock;
  /** PBKDF2 iterations for passwords; default 600,000. Tests lower it. */
  readonly passwordIterations?: number;
  /** Largest request body in bytes; default 16 KiB. */
  readonly maxBodyBytes?: number;
}

/**
 * What {@link createReferenceServer} returns.
 *
 * @example
 * ```ts
 * const { server, guard, stores }: ReferenceServer = createReferenceServer({ jwtSecret });
 * ```
 */
export interface ReferenceServer {
  readonly server: Server;
  readonly guard: Guard;
  readonly stores: Stores;
}

const ROUTES: Readonly<Record<string, string>> = {
  '/v1/auth/login': 'POST',
  '/v1/me': 'GET',
  '/v1/auth/logout': 'POST',
  '/healthz': 'GET',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Builds the reference server (not yet listening).
 *
 * @example
 * ```ts
 * const { server } = createReferenceServer({ jwtSecret: secret });
 * server.listen(8080);
 * ```
 */
export function createReferenceServer(options: ReferenceServerOptions): ReferenceServer {
  const stores = options.stores ?? createMemoryStores();
  const maxBody = options.maxBodyBytes ?? 16 * 1024;
  const password = createPasswordHasher(
    options.passwordIterations === undefined ? {} : { iterations: options.passwordIterations },
  );
  const guard = createGuard({
    stores,
    jwt: { secret: options.jwtSecret, issuer: 'twofold-reference' },
    password,
    ...(options.clock ? { clock: options.clock } : {}),
  });

  const login = async (req: IncomingMessage, res: ServerResponse, query: string): Promise<void> => {
    const form = await readCredentials(req, new URLSearchParams(query), maxBody);
    const apiKey = readHeader(req.headers, 'x-api-key');
    const { username, password } = form;
    const result = await guard.login({ apiKey, username, password });
    if (!result.ok) return fail(res, result);
    res.setHeader('cache-control', 'no-store');
    const { access_token, token_type, expires_in } = result;
    send(res, 200, { access_token, token_type, expires_in }, result.headers);
  };

  const logout = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = await guard.authenticate(req.headers);
    if (!auth.ok) return fail(res, auth);
    await guard.revoke(auth.claims);
    send(res, 204, undefined, auth.headers);
  };

  const me = (res: ServerResponse, auth: GuardSuccess | GuardFailure): void => {
    if (!auth.ok) return fail(res, auth);
    const [json, ascii] = meBody(auth);
    sendJson(res, 200, json, auth.headers, ascii);
  };

  // Routing is synchronous; only the routes that wait return a promise.
  const handle = (req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const method = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if (method === undefined) throw new HttpError(404, 'ERR_NOT_FOUND', 'no such route');
    if (req.method !== method) {
      res.setHeader('allow', method);
      throw new HttpError(405, 'ERR_METHOD_NOT_ALLOWED', `use ${method}`);
    }
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/v1/auth/login') return login(req, res, q < 0 ? '' : target.slice(q + 1));
    if (path === '/v1/auth/logout') return logout(req, res);
    // GET /v1/me, the hot path: one promise reaction, no async frame; errors reach the
    // server's catch like every other route's.
    return guard.authenticate(req.headers).then((auth) => me(res, auth));
  };

  const server = createServer((req, res) => {
    try {
      const pending = handle(req, res);
      if (pending !== undefined) pending.catch((err: unknown) => answerError(res, err));
    } catch (err) {
      answerError(res, err);
    }
  });
  return { server, guard, stores };
}

type Credentials = { username?: unknown; password?: unknown };

async function readCredentials(
  req: IncomingMessage,
  query: URLSearchParams,
  maxBody: number,
): Promise<Credentials> {
  const body = await readBody(req, maxBody);
  if (body.length === 0) {
    return { username: query.get('username'), password: query.get('password') };
  }

  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new HttpError(400, 'ERR_BAD_JSON', 'request body is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new HttpError(400, 'ERR_BAD_JSON', 'request body must be a JSON object');
    }
    const { username, password } = parsed as Credentials;
    return { username, password };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body);
    return { username: form.get('username'), password: form.get('password') };
  }
  throw new HttpError(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', 'send JSON or a form body');
}

function readBody(req: IncomingMessage, maxBody: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) {
    req.resume();
    return Promise.reject(new HttpError(413, 'ERR_BODY_TOO_LARGE', `body over ${maxBody} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        req.pause();
        reject(new HttpError(413, 'ERR_BODY_TOO_LARGE', `body over ${maxBody} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headerList(headers)).end();
    return;
  }
  sendJson(res, status, JSON.stringify(body), headers);
}

/** Sends `json`; `ascii` says it is known to hold only ASCII, so its length is its size. */
function sendJson(
  res: ServerResponse,
  status: number,
  json: string,
  headers: Readonly<Record<string, string>>,
  ascii = false,
): void {
  // One header block with a Content-Length: a single write, no chunked encoding.
  const list = headerList(headers);
  const bytes = ascii ? json.length : Buffer.byteLength(json);
  list.push('content-type', 'application/json', 'content-length', String(bytes));
  res.writeHead(status, list).end(json);
}

/** Headers as a flat name/value list: node:http copies it as is, where an object is mapped. */
function headerList(headers: Readonly<Record<string, string>>): string[] {
  const list: string[] = [];
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) list.push(names[i]!, headers[names[i]!]!);
  return list;
}

// JSON strings of printable ASCII other than `"` and `\` need no escaping.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The `GET /v1/me` body, written out by hand: the same bytes as `JSON.stringify` of
 * `{ app: { id, name }, user: { id }, rateLimit: { limit, remaining, resetMs } }`, at a tenth of
 * its cost for this small fixed shape (JSON.stringify's fixed cost per call dominates here).
 * Strings that need escaping go through JSON.stringify. Also says whether it is all ASCII.
 *
 * @example
 * ```ts
 * const [json, ascii] = meBody(auth); // '{"app":{"id":"app_1",...}}', true
 * ```
 */
export function meBody(auth: GuardSuccess): [json: string, ascii: boolean] {
  const { app, user, rateLimit } = auth;
  const [id, name, sub] = [app.id, app.name, user.id];
  const { limit, remaining, resetMs } = rateLimit;
  // No closures here: run under tsx, each named closure made per call costs a defineProperty.
  // Anything but plain strings and finite numbers (a store off its type) takes JSON.stringify.
  if (typeof id !== 'string' || typeof name !== 'string' || typeof sub !== 'string' ||
    !PLAIN.test(id) || !PLAIN.test(name) || !PLAIN.test(sub) ||
    !Number.isFinite(limit + remaining + resetMs)) {
    const body = { app: { id, name }, user: { id: sub }, rateLimit: { limit, remaining, resetMs } };
    return [JSON.stringify(body), false];
  }
  const json = `{"app":{"id":"${id}","name":"${name}"},"user":{"id":"${sub}"},` +
    `"rateLimit":{"limit":${limit},"remaining":${remaining},"resetMs":${resetMs}}}`;
  return [json, true];
}

function answerError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.destroy();
  if (err instanceof HttpError) return sendProblem(res, err.status, err.code, err.message);
  sendProblem(res, 500, 'ERR_INTERNAL', 'internal error');
}

function fail(res: ServerResponse, failure: GuardFailure): void {
  for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
  sendProblem(res, failure.status, failure.code, failure.message);
}

function sendProblem(res: ServerResponse, status: number, code: string, detail: string): void {
  const body = problemFor(status, code as AuthErrorCode, detail);
  if (status === 413) res.setHeader('connection', 'close');
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}

/** Creates the demo app, API key and user when the stores are empty; returns what to print. */
async function seedDemo(stores: Stores): Promise<string[]> {
  const appId = 'app_demo';
  if (await stores.apps.get(appId)) return [];
  const admin = createApiKeyAdmin({ stores, prefix: 'tf_live' });
  await admin.createApp({ id: appId, name: 'Demo app' });
  const { key } = await admin.createKey(appId);
  const username = 'demo';
  const random = crypto.getRandomValues(new Uint8Array(12));
  const password = Buffer.from(random).toString('base64url');
  const passwordHash = await createPasswordHasher().hash(password);
  await stores.users.insert({ id: 'user_demo', appId, username, passwordHash, status: 'active' });
  return [key, username, password];
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError('PORT must be an integer from 0 to 65535');
  }
  let secret: Uint8Array;
  if (process.env.TWOFOLD_JWT_SECRET) {
    secret = new TextEncoder().encode(process.env.TWOFOLD_JWT_SECRET);
  } else {
    secret = crypto.getRandomValues(new Uint8Array(32));
    console.log('TWOFOLD_JWT_SECRET unset: using a random secret (tokens die with the process).');
  }

  const { server, stores } = createReferenceServer({ jwtSecret: secret });
  const demo = await seedDemo(stores);
  server.listen(port, () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const base = `http://localhost:${bound}`;
    console.log(`twofold reference server on ${base}`);
    if (demo.length === 3) {
      const [key, username, pass] = demo;
      console.log(`\nDemo app created. API key (shown once): ${key}`);
      console.log(`User: ${username}  password: ${pass}\n`);
      console.log('Try:');
      const query = `username=${username}&password=${pass}`;
      console.log(`  curl -X POST '${base}/v1/auth/login?${query}' \\`);
      console.log(`    -H 'x-api-key: ${key}'`);
      console.log(`  curl ${base}/v1/me -H 'x-api-key: ${key}' -H 'Authorization: Bearer <token>'`);
    }
  });

  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
