import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApiKeyAdmin } from '../src/api-key/admin.ts';
import { createPasswordHasher } from '../src/password/index.ts';
import type { GuardSuccess } from '../src/guard/types.ts';
import { createReferenceServer, meBody } from '../src/server.ts';
import { fakeClock } from './guard/world.ts';

const clock = fakeClock();
const { server, stores } = createReferenceServer({
  jwtSecret: new Uint8Array(32).fill(3),
  clock,
  passwordIterations: 1000,
  maxBodyBytes: 1024,
});
const admin = createApiKeyAdmin({ stores, prefix: 'tf_live', clock });
let base = '';
let key = '';
let otherKey = '';

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + path, init);
}

function login(apiKey: string, query = 'username=ada&password=lovelace'): Promise<Response> {
  return call(`/v1/auth/login?${query}`, { method: 'POST', headers: { 'x-api-key': apiKey } });
}

async function tokenOf(res: Response): Promise<string> {
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function problem(res: Response, status: number, code: string): Promise<void> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const body = (await res.json()) as { code: string; status: number; title: string };
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.equal(body.title, TITLES[status], `title of ${status}`);
}

// RFC 9457 §4.2.1: with type about:blank, the title is the status's reason phrase.
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

before(async () => {
  const hash = await createPasswordHasher({ iterations: 1000 }).hash('lovelace');
  for (const id of ['app_one', 'app_two']) {
    await admin.createApp({ id, name: id });
    const issued = await admin.createKey(id);
    if (id === 'app_one') key = issued.key;
    else otherKey = issued.key;
    await stores.users.insert({ id: `u_${id}`, appId: id, username: 'ada', passwordHash: hash,
      status: 'active' });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

describe('reference server', () => {
  it('logs in with the query-string form and serves /v1/me with both headers', async () => {
    const res = await login(key);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const token = await tokenOf(res);
    const headers = { 'x-api-key': key, authorization: `Bearer ${token}` };
    const me = await call('/v1/me', { headers });
    assert.equal(me.status, 200);
    assert.ok(me.headers.get('ratelimit-policy'));
    const body = (await me.json()) as { app: { id: string }; user: { id: string } };
    assert.deepEqual([body.app.id, body.user.id], ['app_one', 'u_app_one']);
  });

  it('logs in with a JSON body and with a form body', async () => {
    const json = await call('/v1/auth/login', {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: 'lovelace' }),
    });
    await tokenOf(json);
    const form = await call('/v1/auth/login', {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=ada&password=lovelace',
    });
    await tokenOf(form);
  });

  it('answers every credential failure with its status and code', async () => {
    const token = await tokenOf(await login(key));
    const me = (h: Record<string, string>) => call('/v1/me', { headers: h });
    const bearer = `Bearer ${token}`;
    await problem(await me({ authorization: bearer }), 401, 'ERR_API_KEY_MISSING');
    await problem(await me({ 'x-api-key': 'tf_live_short', authorization: bearer }), 401,
      'ERR_API_KEY_LENGTH');
    const res = await me({ 'x-api-key': key });
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    await problem(res, 401, 'ERR_JWT_MISSING');
    const bad = await me({ 'x-api-key': key, authorization: `${bearer.slice(0, -2)}AA` });
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    await problem(bad, 401, 'ERR_JWT_SIGNATURE');
    await problem(await me({ 'x-api-key': otherKey, authorization: bearer }), 401,
      'ERR_JWT_APP_MISMATCH');
    await problem(await login(key, 'username=ada&password=wrong'), 401, 'ERR_LOGIN_FAILED');
  });

  it('answers revoked and expired keys with 401 and a disabled app with 403', async () => {
    await admin.createApp({ id: 'app_three', name: 'three' });
    const revoked = await admin.createKey('app_three');
    await admin.revokeKey(revoked.record.id);
    await problem(await login(revoked.key), 401, 'ERR_API_KEY_REVOKED');
    const expiring = await admin.createKey('app_three', { expiresAt: clock.now() + 1 });
    clock.advance(1);
    await problem(await login(expiring.key), 401, 'ERR_API_KEY_EXPIRED');
    const live = await admin.createKey('app_three');
    await admin.setAppStatus('app_three', 'disabled');
    await problem(await login(live.key), 403, 'ERR_APP_DISABLED');
  });

  it('logs out: the token is refused afterwards', async () => {
    const token = await tokenOf(await login(otherKey));
    const headers = { 'x-api-key': otherKey, authorization: `Bearer ${token}` };
    const out = await call('/v1/auth/logout', { method: 'POST', headers });
    assert.equal(out.status, 204);
    await problem(await call('/v1/me', { headers }), 401, 'ERR_JWT_REVOKED');
  });

  it('answers 404, 405, 413, 415 and 400 for bad requests and stays up', async () => {
    await problem(await call('/nope'), 404, 'ERR_NOT_FOUND');
    const wrong = await call('/v1/me', { method: 'DELETE' });
    assert.equal(wrong.headers.get('allow'), 'GET');
    await problem(wrong, 405, 'ERR_METHOD_NOT_ALLOWED');
    const post = (body: string, type = 'application/json') =>
      call('/v1/auth/login', { method: 'POST', headers: { 'x-api-key': key, 'content-type': type },
        body });
    await problem(await post('x'.repeat(2000)), 413, 'ERR_BODY_TOO_LARGE');
    await problem(await post('{"username":'), 400, 'ERR_BAD_JSON');
    await problem(await post('[1]'), 400, 'ERR_BAD_JSON');
    await problem(await post('hi', 'text/plain'), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    const health = await call('/healthz');
    assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
  });

  it('answers the 1,001st request within a minute with 429 and Retry-After', async () => {
    clock.advance(120_000);
    const token = await tokenOf(await login(key));
    const headers = { 'x-api-key': key, authorization: `Bearer ${token}` };
    for (let i = 2; i <= 1000; i++) {
      const res = await call('/v1/me', { headers });
      assert.equal(res.status, 200, `request ${i}`);
      await res.arrayBuffer();
    }
    const denied = await call('/v1/me', { headers });
    assert.equal(denied.headers.get('retry-after'), '1');
    assert.match(denied.headers.get('ratelimit') ?? '', /r=0;/);
    await problem(denied, 429, 'ERR_RATE_LIMITED');
  });
});

describe('meBody', () => {
  const decision = { limit: 1000, remaining: 998, resetMs: 120 };
  const result = (appId: string, name: string, sub: string, rateLimit = decision) =>
    ({ app: { id: appId, name }, user: { id: sub }, rateLimit }) as unknown as GuardSuccess;
  const expected = (r: GuardSuccess): string => JSON.stringify({
    app: { id: r.app.id, name: r.app.name },
    user: { id: r.user.id },
    rateLimit: {
      limit: r.rateLimit.limit,
      remaining: r.rateLimit.remaining,
      resetMs: r.rateLimit.resetMs,
    },
  });

  it('writes the same bytes as JSON.stringify; "ASCII" only when it is', () => {
    // [result, ascii flag expected]; undefined: either answer is right (false is cautious).
    const cases: Array<[GuardSuccess, boolean | undefined]> = [
      [result('app_1', 'Demo app', 'user_1'), true],
      [result('app_1', 'n', 'u', { limit: 1e12, remaining: 0.5, resetMs: -0 }), true],
      [result('app_1', 'Café ☕', 'u'), false],
      [result('app_1', 'n', 'ü'), false],
      [result('app_1', 'say "hi"\\', 'u'), undefined],
      [result('app_1', 'tab\there', 'u'), undefined],
      [result('app_1', 'lone \ud800', 'u'), undefined],
      [result('app_1', 'n', 'u', { limit: 10, remaining: NaN, resetMs: Infinity }), undefined],
      // A store off its type: what JSON.stringify would write, not "undefined" or "null".
      [result('app_1', undefined as unknown as string, 'u'), false],
      [result(42 as unknown as string, null as unknown as string, 'u'), false],
    ];
    for (const [r, ascii] of cases) {
      const [json, isAscii] = meBody(r);
      assert.equal(json, expected(r));
      if (ascii !== undefined) assert.equal(isAscii, ascii, r.app.name);
      if (isAscii) assert.equal(Buffer.byteLength(json), json.length);
    }
  });
});
