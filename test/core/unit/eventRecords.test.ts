import type { EngineCommand } from '../../../core/engine/commands';
import { decide } from '../../../core/engine/decide';
import type { EngineEvent, Trade } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { initialState } from '../../../core/engine/state';
import { A, B, C, cancelAll, limit, listSymbol, market } from '../support/scenario';
import { BTCUSDT, TESTUSDT } from '../support/specs';

/**
 * The engine writes the events every order makes as records in one buffer it reuses (EventRecords) and decodes
 * them on request. The scenario, property and differential tests check the decoded events field by field; these
 * check what only the records have: the buffer's growth and reuse, and the trades whose money is kept as
 * objects because it is not a safe integer.
 */
/** TESTUSDT with room for hundreds of open orders per account. */
const ROOMY = { ...TESTUSDT, maxNumOrders: 1_000 };

function run(commands: readonly EngineCommand[]): { engine: MatchingEngine; events: EngineEvent[][] } {
  const engine = MatchingEngine.create(TESTUSDT.symbol);
  const events = commands.map((command) => engine.execute(command));
  return { engine, events };
}

function replayed(symbol: string, events: readonly EngineEvent[][]): MatchingEngine {
  const engine = MatchingEngine.create(symbol);
  for (const batch of events) for (const event of batch) engine.apply(event);
  return engine;
}

describe('event records', () => {
  it('grow for a command that makes more events than the buffer holds, and decode every one', () => {
    // 400 makers swept by one market order: 400 trades of 22 numbers each, more than the first 4,096.
    const makers = Array.from({ length: 400 }, (_, i) =>
      limit({ id: i + 1, account: i % 2 ? A : C, side: 'SELL', price: 100 + (i % 3), qty: 1 }),
    );
    const sweep = market({ id: 1_000, account: B, side: 'BUY', qty: 400 });
    const { engine, events } = run([listSymbol(ROOMY), ...makers, sweep]);
    const swept = events.at(-1)!;
    expect(swept.map((e) => e.type)).toEqual(['OrderAccepted', ...Array(400).fill('Trade')]);
    expect(swept.map((e) => e.seq)).toEqual(swept.map((_, i) => swept[0]!.seq + i));
    expect((swept.at(-1) as Trade).taker).toMatchObject({ orderId: 1_000, remaining: 0 });
    expect(engine.openOrderCount).toBe(0);
    expect(replayed(TESTUSDT.symbol, events).stateHash()).toBe(engine.stateHash());
  });

  it('are reused: a command after a large one decodes its own events only', () => {
    const makers = Array.from({ length: 300 }, (_, i) =>
      limit({ id: i + 1, account: A, side: 'SELL', price: 100, qty: 1 }),
    );
    const { events } = run([
      listSymbol(ROOMY),
      ...makers,
      cancelAll(A),
      limit({ id: 500, account: B, side: 'BUY', price: 90, qty: 2 }),
    ]);
    expect(events.at(-2)!.map((e) => e.type)).toEqual([
      ...Array(300).fill('OrderCanceled'),
      'AllOrdersCanceled',
    ]);
    expect(events.at(-1)!).toEqual([
      expect.objectContaining({ type: 'OrderAccepted' }),
      expect.objectContaining({ type: 'OrderRested', orderId: 500, quantity: 2, levelQuantity: 2 }),
    ]);
  });

  it('keep a trade whose money is beyond the safe integers as an object, exactly, and replay it', () => {
    // 1,000 BTC at 100,000 USDT: 10^8 USDT = 10^16 money units, beyond 2^53.
    const listing = listSymbol(BTCUSDT);
    const engine = MatchingEngine.create(BTCUSDT.symbol);
    const events = [
      engine.execute(listing),
      engine.execute(limit({ id: 1, account: A, side: 'SELL', price: 1_000_000, qty: 1_000_000 })),
      engine.execute(limit({ id: 2, account: B, side: 'BUY', price: 1_000_000, qty: 1_000_000 })),
    ];
    const trade = events[2]![1] as Trade;
    expect(trade.type).toBe('Trade');
    expect(trade.maker.position).toEqual({ size: -1_000_000, entryNotional: 10n ** 16n, realizedPnl: 0 });
    // The fees are safe integers again (0.05% and 0.02% of 10^16), compact as numbers.
    expect(trade.taker.fee).toBe(5 * 10 ** 12);
    expect(trade.maker.fee).toBe(2 * 10 ** 12);
    expect(events[2]!.map((e) => e.seq)).toEqual([events[1]!.at(-1)!.seq + 1, events[1]!.at(-1)!.seq + 2]);
    expect(replayed(BTCUSDT.symbol, events).stateHash()).toBe(engine.stateHash());
  });

  it('decode to what decide(state, command) returns, with a fresh buffer per call', () => {
    const commands = [
      listSymbol(TESTUSDT),
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 3 }),
      limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 5 }),
      market({ id: 3, account: C, side: 'SELL', qty: 4 }),
    ];
    const state = initialState(TESTUSDT.symbol);
    const decided = commands.map((command) => decide(state, command));
    expect(decided).toEqual(run(commands).events);
    expect(decided.flat().map((e) => e.type)).toContain('Trade');
    expect(state.seq).toBe(decided.flat().length);
  });

  it('are what execute returns, read without decoding', () => {
    const engine = MatchingEngine.create(TESTUSDT.symbol);
    engine.execute(listSymbol(TESTUSDT));
    engine.execute(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 3 }));
    const records = engine.executeRecorded(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }));
    expect(records.count).toBe(3);
    expect(records.trades).toBe(1);
    expect(records.toEvents().map((e) => e.type)).toEqual(['OrderAccepted', 'Trade', 'OrderRested']);
  });
});
