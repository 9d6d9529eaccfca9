import type { Credentials } from './api/rest';

/**
 * Where the exchange is, read from `config.json` beside the page: on AWS the deployment writes it with the API
 * and WebSocket URLs of the stack; `npm start` serves it with the local gateway's (and, for local use only, the
 * demo account's key, so the page can pre-fill it). Empty URLs mean "the server that served the page".
 */
export interface PageConfig {
  readonly restUrl: string;
  readonly wsUrl: string;
  /** Pre-filled in the key dialog: only the local gateway ever sends this. */
  readonly demo?: Credentials;
}

export async function loadConfig(): Promise<PageConfig> {
  let raw: Partial<PageConfig> = {};
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) raw = (await response.json()) as Partial<PageConfig>;
  } catch {
    // No config: the page talks to the server it came from.
  }
  const origin = window.location.origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  return {
    restUrl: trimSlash(raw.restUrl || origin),
    wsUrl: trimSlash(raw.wsUrl || `${wsOrigin}/ws`),
    ...(raw.demo?.apiKey && raw.demo.secret ? { demo: raw.demo } : {}),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
