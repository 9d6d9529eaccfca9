// The local gateway serves the built trading page at `/` beside the API, as CloudFront does on AWS: the page's
// files with the strict security headers, hashed assets cached for good, index.html and config.json revalidated;
// every other path stays the API's.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { type BuiltPage, buildWeb } from '../../web/build';

jest.setTimeout(60_000);

let exchange: LocalExchange;
let page: BuiltPage;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'shardex-web-'));
  page = buildWeb(out);
  exchange = await startLocalExchange({ matcher: false });
  exchange.gateway.serveSite({
    root: page.dir,
    config: { restUrl: '', wsUrl: '', demo: { apiKey: 'k', secret: 's' } },
  });
});

afterAll(async () => {
  await exchange?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

const get = (p: string, init?: RequestInit) => fetch(`${exchange.gateway.url}${p}`, init);

test('/ is the page, under a CSP that allows only its own origin and the gateway WebSocket', async () => {
  const response = await get('/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-cache');
  const host = new URL(exchange.gateway.url).host;
  expect(response.headers.get('content-security-policy')).toBe(
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ws://${host}; ` +
      "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await response.text();
  expect(html).toContain(`src="${page.script}"`);
  expect(html).toContain(`href="${page.stylesheet}"`);
});

test('hashed assets are immutable; config.json is revalidated', async () => {
  const script = await get(`/${page.script}`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await script.text()).length).toBeGreaterThan(100_000);
  const config = await get('/config.json');
  expect(config.headers.get('cache-control')).toBe('no-cache');
  expect(await config.json()).toEqual({ restUrl: '', wsUrl: '', demo: { apiKey: 'k', secret: 's' } });
});

test('every other path is the API: its own 404, no file outside the page', async () => {
  for (const p of [
    '/fapi/v1/nothing',
    '/assets/missing.js',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
  ]) {
    const response = await get(p);
    expect({ p, status: response.status, type: response.headers.get('content-type') }).toEqual({
      p,
      status: 404,
      type: 'application/json',
    });
  }
  expect((await get('/', { method: 'POST' })).status).toBe(404);
  expect((await get('/fapi/v1/ping')).status).toBe(200);
});
