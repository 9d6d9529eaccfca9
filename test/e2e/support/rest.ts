import { createHmac } from 'node:crypto';
import type { Trader } from '../../../local/localExchange';

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON that tests probe field by field.
export type Json = any;

export interface Reply {
  readonly status: number;
  readonly body: Json;
  /** The body as sent, to tell a JSON answer from anything else. */
  readonly text: string;
}

export type Params = Readonly<Record<string, string | number | boolean>>;

/** `name=value&…`, each part percent-encoded as URLSearchParams does (what the REST client sends). */
export function form(params: Params | readonly (readonly [string, string])[]): string {
  const pairs = Array.isArray(params)
    ? (params as readonly (readonly [string, string])[])
    : Object.entries(params).map(([k, v]) => [k, String(v)] as const);
  return new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
}

export function hmac(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, sent as is (no re-encoding). */
  readonly query?: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  /** X-MBX-APIKEY; absent: no header. */
  readonly apiKey?: string;
}

/** One request over real HTTP, the bytes exactly as given. */
export async function send(baseUrl: string, request: RawRequest): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (request.apiKey !== undefined) headers['X-MBX-APIKEY'] = request.apiKey;
  const hasBody = request.body !== undefined && request.body.length > 0;
  if (hasBody) headers['content-type'] = request.contentType ?? 'application/x-www-form-urlencoded';
  const response = await fetch(`${baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`, {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
  });
  const text = await response.text();
  let body: Json;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

export interface SignOptions {
  /** Default: now. */
  readonly timestamp?: number;
  /** Where the parameters go: the query (GET/DELETE default), the body (POST/PUT default), or split in two. */
  readonly placement?: 'query' | 'body' | 'split';
  /** Sign with this secret instead of the trader's. */
  readonly secret?: string;
  /** Send this API key (or none) instead of the trader's. */
  readonly apiKey?: string | null;
  readonly upperCaseSignature?: boolean;
}

/**
 * A SIGNED request as the contract describes it: HMAC-SHA256 over the raw query string immediately followed by
 * the raw body, `signature` last. Returns the request too, so a test can send the very same bytes again.
 */
export function signedRequest(
  trader: Trader,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  params: Params,
  options: SignOptions = {},
): RawRequest {
  const all = form({ ...params, timestamp: options.timestamp ?? Date.now() });
  const placement = options.placement ?? (method === 'GET' || method === 'DELETE' ? 'query' : 'body');
  let query = '';
  let body = '';
  if (placement === 'query') query = all;
  else if (placement === 'body') body = all;
  else {
    const parts = all.split('&');
    const cut = Math.ceil(parts.length / 2);
    query = parts.slice(0, cut).join('&');
    body = parts.slice(cut).join('&');
  }
  let signature = hmac(options.secret ?? trader.secret, query + body);
  if (options.upperCaseSignature) signature = signature.toUpperCase();
  if (body !== '') body += `&signature=${signature}`;
  else query += `&signature=${signature}`;
  const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? trader.apiKey);
  return { method, path, query, body, apiKey };
}

/** A REST client of the local gateway for one trader (or none: public endpoints). */
export class Rest {
  constructor(
    readonly baseUrl: string,
    readonly trader?: Trader,
  ) {}

  get(path: string, params: Params = {}): Promise<Reply> {
    return send(this.baseUrl, { method: 'GET', path, query: form(params) });
  }

  signed(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Params = {},
    options: SignOptions = {},
  ): Promise<Reply> {
    if (this.trader === undefined) throw new Error('this client has no API key');
    return send(this.baseUrl, signedRequest(this.trader, method, path, params, options));
  }

  /** API-key-only endpoints (listen keys). */
  keyed(method: 'POST' | 'PUT' | 'DELETE', path: string): Promise<Reply> {
    if (this.trader === undefined) throw new Error('this client has no API key');
    return send(this.baseUrl, { method, path, apiKey: this.trader.apiKey });
  }

  order(params: Params, options?: SignOptions): Promise<Reply> {
    return this.signed('POST', '/fapi/v1/order', params, options);
  }

  async listenKey(): Promise<string> {
    const reply = await this.keyed('POST', '/fapi/v1/listenKey');
    if (reply.status !== 200) throw new Error(`listenKey: ${reply.status} ${reply.text}`);
    return reply.body.listenKey as string;
  }
}

/** A resting-size LIMIT GTC order with every mandatory parameter; `extra` overrides or adds. */
export function limitOrder(
  symbol: string,
  side: 'BUY' | 'SELL',
  price: string,
  quantity: string,
  extra: Params = {},
): Params {
  return { symbol, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...extra };
}
