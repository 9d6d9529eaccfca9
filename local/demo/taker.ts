import type { BinanceClient } from '../binanceClient';
import { DEMO_MARKETS } from './marketMaker';

/** A demo taker: now and then a small market order, either side, so the book trades and the tape moves. */
export function runTaker(client: BinanceClient, log: (message: string) => void): () => void {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const market = DEMO_MARKETS[Math.floor(Math.random() * DEMO_MARKETS.length)]!;
      const side = Math.random() < 0.5 ? 'BUY' : 'SELL';
      const answer = await client
        .signed('POST', '/fapi/v1/order', {
          symbol: market.symbol,
          side,
          type: 'MARKET',
          quantity: market.quantity,
          newOrderRespType: 'RESULT',
        })
        .catch((error) => ({ status: 0, body: error.message }));
      if (answer.status !== 200)
        log(`taker: ${market.symbol} ${side} refused: ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 600 + Math.random() * 900));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}
