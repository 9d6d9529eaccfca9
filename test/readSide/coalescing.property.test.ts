import fc from 'fast-check';
import { memoryPorts } from '../../adapters/memory/ports';
import { projectorContext } from '../../application/context';
import { readModelsOf } from '../../application/projections/models';
import type { EngineEvent } from '../../core/engine/events';
import { KLINE_INTERVALS } from '../../core/projections/intervals';
import { compileInstrument } from '../../core/symbol/instrument';
import { playSession, sessionPlans } from './support/session';

/**
 * The runner's coalescing, for every read model at once: a session's events applied in batches cut anywhere
 * (each item folded once, its newest value written once) leave the same items as the same events applied one
 * event per batch; and whatever the cuts, every batch applied again without the projector's word changes nothing.
 */
const ACCOUNTS = [1, 2, 3, 4];

async function contents(ports: ReturnType<typeof memoryPorts>, symbol: string) {
  const all = { newest: false, limit: 100_000 } as const;
  const perAccount = await Promise.all(
    ACCOUNTS.map(async (account) => ({
      orders: await ports.orders.history(account, symbol, { limit: 100_000 }),
      fills: await ports.userTrades.range(account, symbol, all),
    })),
  );
  const klines = await Promise.all(KLINE_INTERVALS.map((i) => ports.klines.range(symbol, i, all)));
  return {
    perAccount,
    klines,
    trades: await ports.trades.recent(symbol, 100_000),
    aggTrades: await ports.aggTrades.range(symbol, all),
    book: await ports.depth.load(symbol),
    ticker: await ports.tickers.get(symbol),
  };
}

function cut(events: readonly EngineEvent[], points: readonly number[]) {
  const at = [...new Set(points.map((p) => p % (events.length + 1)))].sort((a, b) => a - b);
  const batches: EngineEvent[][] = [];
  let from = 0;
  for (const p of [...at, events.length]) {
    if (p > from) batches.push(events.slice(from, p));
    from = Math.max(from, p);
  }
  return batches;
}

test('every model: batches cut anywhere store what one event per batch stores; applying them again changes nothing', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(sessionPlans(40), fc.array(fc.nat(), { maxLength: 12 }), async (plan, points) => {
      const symbol = `CO${++run}USDT`;
      const session = playSession(plan, symbol, ACCOUNTS);
      const instrument = compileInstrument(session.spec);
      const apply = async (
        ports: ReturnType<typeof memoryPorts>,
        batches: EngineEvent[][],
        follows: boolean,
      ) => {
        // Settlement (accounts) is not a fold; symbols are recorded as they are.
        const models = readModelsOf(projectorContext(ports)).filter((m) => m.name !== 'accounts');
        for (const events of batches) {
          const batch = {
            symbol,
            firstSeq: events[0]!.seq,
            lastSeq: events[events.length - 1]!.seq,
            events,
            recordId: `${symbol}:${events[0]!.seq}`,
          };
          for (const model of models) await model.apply(batch, { instrument, follows });
        }
      };
      const single = memoryPorts();
      await apply(
        single,
        cut(
          session.events,
          session.events.map((_, i) => i),
        ),
        true,
      );
      const coalesced = memoryPorts();
      const batches = cut(session.events, points);
      await apply(coalesced, batches, true);
      const built = await contents(coalesced, symbol);
      expect(built.book.lastUpdateId).toBe(session.events[session.events.length - 1]!.seq);
      expect(built).toEqual(await contents(single, symbol));
      await apply(coalesced, batches, false);
      expect(await contents(coalesced, symbol)).toEqual(built);
    }),
    { numRuns: 40 },
  );
});
