import { createHmac } from 'node:crypto';

export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/**
 * A minimal Binance USDⓈ-M REST client, signing exactly as the contract says (HMAC-SHA256 of query + body): what
 * the demo bots and the end-to-end tests trade with, over real HTTP, like any external client would.
 */
export class BinanceClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials?: Credentials,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Public endpoint. */
  async get<T = unknown>(path: string, params: Record<string, string | number> = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('GET', path, new URLSearchParams(stringify(params)).toString(), '');
  }

  /** SIGNED endpoint; GET and DELETE carry everything in the query, POST and PUT in the body (as ccxt does). */
  async signed<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Record<string, string | number | boolean> = {},
  ): Promise<ApiAnswer<T>> {
    const credentials = this.requireCredentials();
    const total = new URLSearchParams(stringify({ ...params, timestamp: this.clock() })).toString();
    const signature = createHmac('sha256', credentials.secret).update(total).digest('hex');
    const signedText = `${total}&signature=${signature}`;
    return method === 'GET' || method === 'DELETE'
      ? this.request<T>(method, path, signedText, '')
      : this.request<T>(method, path, '', signedText);
  }

  /** API-key-only endpoint (listen keys). */
  async keyed<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string): Promise<ApiAnswer<T>> {
    this.requireCredentials();
    return this.request<T>(method, path, '', '');
  }

  async request<T>(
    method: string,
    path: string,
    query: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}${query ? `?${query}` : ''}`, {
      method,
      headers: {
        ...(this.credentials ? { 'X-MBX-APIKEY': this.credentials.apiKey } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: body || undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private requireCredentials(): Credentials {
    if (this.credentials === undefined) throw new Error('this client has no API key');
    return this.credentials;
  }
}

function stringify(params: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}
