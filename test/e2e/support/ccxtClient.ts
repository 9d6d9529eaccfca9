import ccxt from 'ccxt';

/**
 * ccxt's binanceusdm pointed at a local shardex gateway: the reference client of the contract, as a user would set
 * it up (README "Trading against the local exchange"). Every `fapi*` URL goes to the gateway; currencies are not
 * fetched (that is a `/sapi` call of the spot exchange).
 */
export function ccxtBinanceUsdm(baseUrl: string, credentials?: { apiKey: string; secret: string }) {
  const fapi = `${baseUrl}/fapi`;
  const exchange = new ccxt.binanceusdm({
    ...(credentials ?? {}),
    enableRateLimit: false,
    options: { fetchCurrencies: false, adjustForTimeDifference: false },
  });
  const api = exchange.urls.api as Record<string, string>;
  for (const key of Object.keys(api)) {
    const match = /^fapi(Public|Private|Data)(V2|V3)?$/.exec(key);
    if (match) {
      const version = match[1] === 'Data' ? '' : `/${(match[2] ?? 'v1').toLowerCase()}`;
      api[key] = match[1] === 'Data' ? `${baseUrl}/futures/data` : `${fapi}${version}`;
    }
  }
  return exchange;
}

/**
 * ccxt pro's binanceusdm against the local gateway: REST as above, the user data stream and the WebSocket API
 * (createOrderWs and the rest) on its WebSocket.
 */
export function ccxtProBinanceUsdm(
  baseUrl: string,
  wsUrl: string,
  credentials: { apiKey: string; secret: string },
) {
  const exchange = new ccxt.pro.binanceusdm({
    ...credentials,
    enableRateLimit: false,
    options: { fetchCurrencies: false, adjustForTimeDifference: false },
  });
  pointAt(exchange.urls.api as Record<string, unknown>, baseUrl);
  const ws = (exchange.urls.api as Record<string, Record<string, string>>).ws!;
  ws.future = `${wsUrl}/ws`;
  (ws as unknown as Record<string, Record<string, string>>)['ws-api']!.future = `${wsUrl}/ws`;
  // ccxt pro renews the listen key on a 20-minute timer that close() does not clear: unref'd, it cannot keep the
  // test process alive after the suite (jest would not exit).
  exchange.delay = (timeout: number, method: unknown, ...args: unknown[]) => {
    setTimeout(() => exchange.spawn(method, ...args), timeout).unref();
  };
  return exchange;
}

function pointAt(api: Record<string, unknown>, baseUrl: string): void {
  for (const key of Object.keys(api)) {
    const match = /^fapi(Public|Private|Data)(V2|V3)?$/.exec(key);
    if (match) {
      const version = match[1] === 'Data' ? '' : `/${(match[2] ?? 'v1').toLowerCase()}`;
      api[key] = match[1] === 'Data' ? `${baseUrl}/futures/data` : `${baseUrl}/fapi${version}`;
    }
  }
}
