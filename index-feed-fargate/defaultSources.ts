import type { HttpSourceConfig } from '../adapters/quotes/httpQuoteSource';

/**
 * The documented default index constituents (docs/futures.md, "Index feed and funding schedule"): the public
 * spot tickers of Binance, Coinbase, Kraken and OKX, no key needed, each against USDT. Weights follow the venues'
 * spot volume roughly, as Binance weights its own index constituents; only their ratios matter. Override per
 * deployment with INDEX_SOURCES (config.ts).
 */
export function defaultSources(symbol: string): HttpSourceConfig[] {
  const base = symbol.replace(/USDT$/, '');
  if (base === symbol || base === '')
    throw new Error(`${symbol}: default index sources are for <BASE>USDT symbols`);
  // Kraken calls bitcoin XBT.
  const kraken = `${base === 'BTC' ? 'XBT' : base}USDT`;
  return [
    {
      name: 'binance',
      url: `https://api.binance.com/api/v3/ticker/price?symbol=${base}USDT`,
      jsonPath: 'price',
      weight: '0.4',
    },
    {
      name: 'coinbase',
      url: `https://api.exchange.coinbase.com/products/${base}-USDT/ticker`,
      jsonPath: 'price',
      weight: '0.2',
    },
    {
      name: 'kraken',
      url: `https://api.kraken.com/0/public/Ticker?pair=${kraken}`,
      jsonPath: `result.${kraken}.c[0]`,
      weight: '0.15',
    },
    {
      name: 'okx',
      url: `https://www.okx.com/api/v5/market/ticker?instId=${base}-USDT`,
      jsonPath: 'data[0].last',
      weight: '0.25',
    },
  ];
}
