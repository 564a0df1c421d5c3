// Login and authenticate through the fetch adapter (withGuard, problemResponse) on the memory
// stores, in process: Request in, Response out, the way Bun, Deno, workerd and browsers (a
// service worker) would call it.
import type { Case } from '../harness.ts';
import type { SuiteContext } from '../context.ts';
import { createDemo, DEMO_USER } from '../app.ts';
import type { Demo } from '../app.ts';
import { decodeSegment } from '../encoding.ts';

const BASE = 'http://twofold.test';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export function fetchCases({ lib, check }: SuiteContext): Case[] {
  const call = async (demo: Demo, request: Request): Promise<Answer> => {
    const response = await demo.handler(request);
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, body };
  };
  const login = (demo: Demo, apiKey = demo.apiKey, password: string = DEMO_USER.password) =>
    call(demo, new Request(`${BASE}/v1/auth/login`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_USER.username, password }),
    }));
  const me = (demo: Demo, apiKey: string, token?: string) =>
    call(demo, new Request(`${BASE}/v1/me`, {
      headers: token === undefined ? { 'x-api-key': apiKey }
        : { 'x-api-key': apiKey, authorization: `Bearer ${token}` },
    }));
  const tokenOf = async (demo: Demo): Promise<string> => {
    const answer = await login(demo);
    check.equal(answer.status, 200, 'login status');
    return String(answer.body.access_token);
  };
  const refusal = (answer: Answer) => [answer.status, answer.body.code];

  return [
    {
      name: 'login answers 200 with a Bearer token for 3600 s naming the user and the app',
      run: async () => {
        const demo = await createDemo(lib);
        const answer = await login(demo);
        check.equal([answer.status, answer.body.token_type, answer.body.expires_in],
          [200, 'Bearer', 3600], 'token response');
        const claims = decodeSegment(String(answer.body.access_token).split('.')[1]!);
        check.equal([claims.sub, claims.app, claims.iat], ['user_ada', 'app_one',
          demo.clock.now() / 1000], 'claims');
      },
    },
    {
      name: 'withGuard passes a request with key and token to the handler, with RateLimit',
      run: async () => {
        const demo = await createDemo(lib);
        const answer = await me(demo, demo.apiKey, await tokenOf(demo));
        check.equal([answer.status, answer.body], [200, { app: 'app_one', user: 'user_ada' }],
          'answer');
        check.equal(answer.headers.get('RateLimit'), '"app";r=998;t=1', 'RateLimit');
      },
    },
    {
      name: 'a request without a token gets 401 problem+json ERR_JWT_MISSING and a challenge',
      run: async () => {
        const demo = await createDemo(lib);
        const answer = await me(demo, demo.apiKey);
        check.equal(refusal(answer), [401, 'ERR_JWT_MISSING'], 'refusal');
        check.equal(answer.headers.get('content-type'), 'application/problem+json', 'type');
        check.equal(answer.headers.get('www-authenticate'), 'Bearer', 'challenge');
      },
    },
    {
      name: 'a wrong password gets 401 ERR_LOGIN_FAILED',
      run: async () => {
        const demo = await createDemo(lib);
        check.equal(refusal(await login(demo, demo.apiKey, 'wrong')), [401, 'ERR_LOGIN_FAILED'],
          'refusal');
      },
    },
    {
      name: 'a mistyped API key gets 401 ERR_API_KEY_CHECKSUM',
      run: async () => {
        const demo = await createDemo(lib);
        const k = demo.apiKey;
        const typo = k.slice(0, 12) + (k[12] === 'x' ? 'y' : 'x') + k.slice(13);
        check.equal(refusal(await me(demo, typo, await tokenOf(demo))),
          [401, 'ERR_API_KEY_CHECKSUM'], 'refusal');
      },
    },
    {
      name: "a token presented with another app's key gets 401 ERR_JWT_APP_MISMATCH",
      run: async () => {
        const demo = await createDemo(lib);
        check.equal(refusal(await me(demo, demo.otherKey, await tokenOf(demo))),
          [401, 'ERR_JWT_APP_MISMATCH'], 'refusal');
      },
    },
    {
      name: 'the token expires by the injected clock: 401 ERR_JWT_EXPIRED an hour later',
      run: async () => {
        const demo = await createDemo(lib);
        const token = await tokenOf(demo);
        demo.clock.advance(3_599_999);
        check.equal((await me(demo, demo.apiKey, token)).status, 200, 'just before exp');
        demo.clock.advance(1);
        check.equal(refusal(await me(demo, demo.apiKey, token)), [401, 'ERR_JWT_EXPIRED'],
          'at exp');
      },
    },
    {
      name: "the app's bucket runs out: 429 ERR_RATE_LIMITED with Retry-After",
      run: async () => {
        const demo = await createDemo(lib, { rateLimit: 3 });
        const token = await tokenOf(demo);
        check.equal((await me(demo, demo.apiKey, token)).status, 200, 'second request');
        check.equal((await me(demo, demo.apiKey, token)).status, 200, 'third request');
        const answer = await me(demo, demo.apiKey, token);
        check.equal(refusal(answer), [429, 'ERR_RATE_LIMITED'], 'fourth request');
        check.equal(answer.headers.get('retry-after'), '20', 'Retry-After');
      },
    },
  ];
}
