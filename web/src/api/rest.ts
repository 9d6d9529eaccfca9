import { encodeParams, type Params, signRequest } from '../model/signing';

/** The trader's API key and secret, as entered on the page. */
export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

/** A refusal in the contract's shape ({code, msg}), or a transport failure (code 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** As the page shows it: the exchange's own message, with its code. */
  get display(): string {
    return this.code === 0 ? this.message : `${this.message} (${this.code})`;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The REST half of the public API. Public endpoints are plain GETs; SIGNED ones carry `timestamp` (the server's
 * clock, estimated from /fapi/v1/time, so a computer whose clock is off is not refused with -1021) and the
 * WebCrypto signature; API-key-only ones (listenKey) carry the key header alone.
 */
export class RestClient {
  /** serverTime − local time, from the last /fapi/v1/time. */
  private offsetMs = 0;

  constructor(private readonly baseUrl: string) {}

  /** Measures the server clock's offset: half the round trip is the best estimate of the answer's age. */
  async syncTime(): Promise<void> {
    const sent = Date.now();
    const { serverTime } = await this.get<{ serverTime: number }>('/fapi/v1/time');
    const received = Date.now();
    this.offsetMs = serverTime - Math.round((sent + received) / 2);
  }

  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  get<T>(path: string, params: Params = {}): Promise<T> {
    const query = encodeParams(params);
    return this.send<T>('GET', `${path}${query ? `?${query}` : ''}`, {});
  }

  async signed<T>(method: Method, path: string, params: Params, credentials: Credentials): Promise<T> {
    const { query, body } = await signRequest(credentials.secret, method, params, this.serverNow());
    const headers: Record<string, string> = { 'X-MBX-APIKEY': credentials.apiKey };
    if (body !== '') headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return this.send<T>(method, `${path}${query ? `?${query}` : ''}`, { headers, body });
  }

  keyed<T>(method: Method, path: string, credentials: Credentials): Promise<T> {
    return this.send<T>(method, path, { headers: { 'X-MBX-APIKEY': credentials.apiKey } });
  }

  private async send<T>(
    method: Method,
    pathAndQuery: string,
    init: { headers?: Record<string, string>; body?: string },
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
        method,
        headers: init.headers,
        body: init.body === '' ? undefined : init.body,
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, 0, `The exchange cannot be reached (${(error as Error).message})`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ApiError(response.status, 0, `Unexpected answer (HTTP ${response.status})`);
    }
    if (!response.ok) {
      const error = json as { code?: unknown; msg?: unknown } | undefined;
      throw new ApiError(
        response.status,
        typeof error?.code === 'number' ? error.code : 0,
        typeof error?.msg === 'string' ? error.msg : `HTTP ${response.status}`,
      );
    }
    return json as T;
  }
}
