import { recentTickers } from '../../application/accounts/markPrices';
import { EMPTY_TICKER, type TickerView } from '../../application/ports/marketData';
import { testClock } from '../contracts/support';

describe('tickers as pre-trade margin reads them', () => {
  test('a symbol is read once per ttl; a failed read is not kept', async () => {
    const clock = testClock();
    const reads: string[] = [];
    let fail = false;
    const tickers = recentTickers(
      {
        async get(symbol): Promise<TickerView> {
          reads.push(symbol);
          if (fail) throw new Error('unavailable');
          return EMPTY_TICKER;
        },
      },
      1_000,
      clock,
    );
    await tickers.get('BTCUSDT');
    await tickers.get('BTCUSDT');
    await tickers.get('ETHUSDT');
    expect(reads).toEqual(['BTCUSDT', 'ETHUSDT']);
    clock.advance(1_000);
    fail = true;
    await expect(tickers.get('BTCUSDT')).rejects.toThrow('unavailable');
    fail = false;
    await tickers.get('BTCUSDT');
    expect(reads).toEqual(['BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'BTCUSDT']);
  });
});
