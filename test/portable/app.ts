// A small fetch-style app on the library's public API, the same in every runtime: memory stores,
// one app with a key and a user, a cheap password hasher and an injected clock.
//
//   POST /v1/auth/login   x-api-key, JSON { username, password }  -> token response
//   GET  /v1/me           x-api-key, Authorization: Bearer        -> { app, user } (withGuard)
import type { Library } from './context.ts';
import { fakeClock } from './context.ts';
import type { FakeClock } from './context.ts';

export const DEMO_T0 = 1_800_000_000_000;
export const DEMO_USER = { username: 'ada', password: 'correct horse battery staple' } as const;

export interface Demo {
  readonly handler: (request: Request) => Promise<Response>;
  readonly clock: FakeClock;
  readonly apiKey: string;
  readonly appId: string;
  /** A key of a second app, to present another app's token with. */
  readonly otherKey: string;
}

export interface DemoOptions {
  /** The app's bucket: tokens per minute. Default 1,000. */
  readonly rateLimit?: number;
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

export async function createDemo(lib: Library, options: DemoOptions = {}): Promise<Demo> {
  const clock = fakeClock(DEMO_T0);
  const stores = lib.createMemoryStores();
  const admin = lib.createApiKeyAdmin({ stores, prefix: 'tf_test', clock });
  const rateLimit = { limit: options.rateLimit ?? 1000, periodMs: 60_000 };
  const app = await admin.createApp({ id: 'app_one', name: 'One', rateLimit });
  const other = await admin.createApp({ id: 'app_two', name: 'Two' });
  const password = lib.createPasswordHasher({ iterations: 1000 });
  stores.users.insert({
    id: 'user_ada',
    appId: app.id,
    username: DEMO_USER.username,
    passwordHash: await password.hash(DEMO_USER.password),
    status: 'active',
  });
  const secret = new Uint8Array(32).fill(42);
  const guard = lib.createGuard({ stores, jwt: { secret, issuer: 'twofold-portable' }, password,
    clock });

  const me = lib.withGuard(guard, (_request, auth) =>
    json({ app: auth.app.id, user: auth.user.id }, 200));

  const login = async (request: Request): Promise<Response> => {
    let body: { username?: unknown; password?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json({ code: 'ERR_BAD_JSON' }, 400);
    }
    const apiKey = request.headers.get('x-api-key');
    const { username, password: given } = body ?? {};
    const result = await guard.login({ apiKey, username, password: given });
    if (!result.ok) return lib.problemResponse(result);
    const { access_token, token_type, expires_in } = result;
    return json({ access_token, token_type, expires_in }, 200, result.headers);
  };

  const handler = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/auth/login' && request.method === 'POST') return login(request);
    if (pathname === '/v1/me' && request.method === 'GET') return me(request);
    return json({ code: 'ERR_NOT_FOUND' }, 404);
  };

  return {
    handler,
    clock,
    apiKey: (await admin.createKey(app.id)).key,
    appId: app.id,
    otherKey: (await admin.createKey(other.id)).key,
  };
}
