// The same app served by a runtime's own server on loopback and called over real HTTP with the
// global fetch: login, an authenticated request, then a 401. The cases run in order and share
// the token.
import { DEMO_USER } from './app.ts';
import type { Case, Checks } from './harness.ts';

export interface HttpTarget {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly baseUrl: string;
  /** A key of the served demo app. */
  readonly apiKey: string;
}

export function httpCases(target: HttpTarget, check: Checks, server: string): Case[] {
  const { baseUrl, apiKey } = target;
  let token = '';

  return [
    {
      name: `over HTTP (${server}): POST /v1/auth/login answers 200 with a Bearer token`,
      run: async () => {
        const response = await fetch(`${baseUrl}/v1/auth/login`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify(DEMO_USER),
        });
        const body = (await response.json()) as { access_token?: unknown; token_type?: unknown };
        check.equal([response.status, body.token_type], [200, 'Bearer'], 'login');
        check.matches(body.access_token, /^[\w-]+\.[\w-]+\.[\w-]{43}$/, 'access_token');
        token = String(body.access_token);
      },
    },
    {
      name: `over HTTP (${server}): GET /v1/me with key and token answers 200 naming the user`,
      run: async () => {
        const response = await fetch(`${baseUrl}/v1/me`, {
          headers: { 'x-api-key': apiKey, authorization: `Bearer ${token}` },
        });
        check.equal([response.status, await response.json()],
          [200, { app: 'app_one', user: 'user_ada' }], 'answer');
        check.matches(response.headers.get('ratelimit'), /^"app";r=\d+;t=\d+$/, 'RateLimit');
      },
    },
    {
      name: `over HTTP (${server}): GET /v1/me without a token answers 401 ERR_JWT_MISSING`,
      run: async () => {
        const response = await fetch(`${baseUrl}/v1/me`, { headers: { 'x-api-key': apiKey } });
        const body = (await response.json()) as { code?: unknown };
        check.equal([response.status, body.code], [401, 'ERR_JWT_MISSING'], 'refusal');
        check.equal(response.headers.get('www-authenticate'), 'Bearer', 'challenge');
      },
    },
  ];
}
