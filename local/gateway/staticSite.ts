import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { contentSecurityPolicy, IMMUTABLE, PAGE_HEADERS, REVALIDATE } from '../../web/securityHeaders';

/** The built trading page (web/build.ts) and the config.json it reads. */
export interface StaticSite {
  /** The folder buildWeb wrote: index.html, favicon.svg, assets/. */
  readonly root: string;
  /** config.json: the page's REST and WebSocket URLs ("" = this server) and, locally, the demo key. */
  readonly config: unknown;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files the page consists of; anything else is the API's (which answers its own 404). */
const PAGE_PATH = /^\/(?:|index\.html|favicon\.svg|assets\/[A-Za-z0-9._-]+)$/;

/**
 * Serves the trading page at `/` the way CloudFront does on AWS: the same security headers (web/securityHeaders.ts),
 * hashed assets cached for good, index.html and config.json revalidated. Answers true if the request was the
 * page's; the REST API keeps every other path.
 */
export async function serveStaticSite(
  request: IncomingMessage,
  response: ServerResponse,
  site: StaticSite,
): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = new URL(request.url ?? '/', 'http://local').pathname;
  const headers: Record<string, string> = {
    ...PAGE_HEADERS,
    // 'self' covers ws: to this host in current browsers; the explicit source keeps older ones working.
    'Content-Security-Policy': contentSecurityPolicy(
      request.headers.host ? [`ws://${request.headers.host}`] : [],
    ),
  };
  let body: Buffer;
  if (pathname === '/config.json') {
    body = Buffer.from(JSON.stringify(site.config));
    Object.assign(headers, { 'Content-Type': 'application/json', 'Cache-Control': REVALIDATE });
  } else if (PAGE_PATH.test(pathname)) {
    const file = pathname === '/' ? 'index.html' : pathname.slice(1);
    try {
      body = await readFile(path.join(site.root, file));
    } catch {
      return false;
    }
    Object.assign(headers, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
    });
  } else return false;
  response.writeHead(200, { ...headers, 'Content-Length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
