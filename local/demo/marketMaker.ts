import type { BinanceClient } from '../binanceClient';

interface Market {
  readonly symbol: string;
  /** Where the demo starts quoting when the symbol has never traded. */
  readonly startPrice: number;
  readonly tickSize: number;
  readonly pricePrecision: number;
  readonly quantity: string;
}

export const DEMO_MARKETS: readonly Market[] = [
  { symbol: 'BTCUSDT', startPrice: 65_000, tickSize: 0.1, pricePrecision: 1, quantity: '0.050' },
  { symbol: 'ETHUSDT', startPrice: 3_500, tickSize: 0.01, pricePrecision: 2, quantity: '1.000' },
  { symbol: 'SOLUSDT', startPrice: 150, tickSize: 0.01, pricePrecision: 2, quantity: '20' },
];

/**
 * How often the maker requotes every market. A round costs its key 33 request weight (per market a cancel-all, 1,
 * and two batches of five, 5 each) and 30 orders; one round every 2 s is 990 weight and 900 orders a minute, inside
 * the limits the exchange publishes (exchangeInfo `rateLimits`: Binance's 2,400 and 1,200). Requoting as fast as
 * the answers came, it spent them in the first half minute and was refused for the rest.
 */
const ROUND_MS = 2_000;

/**
 * A demo market maker for `npm start -- --demo`: every two seconds it replaces its quotes, five
 * levels a side around a mid that wanders (a random walk anchored on the mark price once the symbol has an index,
 * as `npm start`'s simulated feed gives it, else on the last trade), with post-only orders. Anchored on the mark,
 * the quotes follow the index and stay inside the price band, which is measured from the mark.
 * It trades over the public REST API like any bot would.
 */
export function runMarketMaker(client: BinanceClient, log: (message: string) => void): () => void {
  let stopped = false;
  const mids = new Map(DEMO_MARKETS.map((m) => [m.symbol, m.startPrice]));
  const tick = async (market: Market) => {
    const marks = await client.get<{ markPrice: string; indexPrice: string }>('/fapi/v1/premiumIndex', {
      symbol: market.symbol,
    });
    const last = await client.get<{ price: string }>('/fapi/v1/ticker/price', { symbol: market.symbol });
    const anchor =
      marks.status === 200 && Number(marks.body.indexPrice) > 0
        ? Number(marks.body.markPrice)
        : last.status === 200 && Number(last.body.price) > 0
          ? Number(last.body.price)
          : mids.get(market.symbol)!;
    const mid = anchor * (1 + (Math.random() - 0.5) * 0.002);
    mids.set(market.symbol, mid);
    await client.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: market.symbol });
    const orders = [];
    for (let level = 1; level <= 5; level++) {
      const spread = market.tickSize * (2 + level * 3);
      for (const side of ['BUY', 'SELL'] as const) {
        const price = side === 'BUY' ? mid - spread : mid + spread;
        orders.push({
          symbol: market.symbol,
          side,
          type: 'LIMIT',
          timeInForce: 'GTX',
          quantity: market.quantity,
          price: (Math.round(price / market.tickSize) * market.tickSize).toFixed(market.pricePrecision),
        });
      }
    }
    for (let i = 0; i < orders.length; i += 5) {
      const answer = await client.signed('POST', '/fapi/v1/batchOrders', {
        batchOrders: JSON.stringify(orders.slice(i, i + 5)),
      });
      if (answer.status !== 200)
        log(`market maker: ${market.symbol} quotes refused: ${JSON.stringify(answer.body)}`);
    }
  };
  const loop = async () => {
    while (!stopped) {
      const began = Date.now();
      for (const market of DEMO_MARKETS) {
        if (stopped) break;
        await tick(market).catch((error) => log(`market maker: ${error.message}`));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + ROUND_MS - Date.now())));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}
