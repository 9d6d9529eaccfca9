// Replay refuses a log that disagrees with the state it rebuilds: an engine that silently applied a diverged log
// would publish positions and queues no one decided.

import type { EngineEvent, Trade } from '../../../core/engine/events';
import { EventOutOfSequence } from '../../../core/engine/evolve';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { A, B, C, limit, listSymbol } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/** The events of: A rests a sell of 5 at 100, B buys 2 from it. */
function loggedRun(): EngineEvent[] {
  const engine = MatchingEngine.create(TESTUSDT.symbol);
  const log = engine.execute(listSymbol(TESTUSDT));
  log.push(...engine.execute(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 })));
  log.push(...engine.execute(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 2 })));
  return log;
}

function replay(log: readonly EngineEvent[]): MatchingEngine {
  const replica = MatchingEngine.create(TESTUSDT.symbol);
  for (const event of log) replica.apply(event);
  return replica;
}

function withTrade(log: EngineEvent[], change: (trade: Trade) => Trade): EngineEvent[] {
  return log.map((event) => (event.type === 'Trade' ? change(event) : event));
}

describe('replaying a log', () => {
  it('rebuilds the positions of both sides of a trade', () => {
    const replica = replay(loggedRun());
    expect(replica.position(A).size).toBe(-2);
    expect(replica.position(B).size).toBe(2);
    expect([...replica.positions().keys()].sort((x, y) => x - y)).toEqual([A, B]);
    expect(replica.position(C).size).toBe(0);
  });

  it('refuses a gap in the sequence', () => {
    const log = loggedRun();
    expect(() => replay([...log.slice(0, 2), ...log.slice(3)])).toThrow(EventOutOfSequence);
  });

  it('refuses a trade whose maker order is not resting', () => {
    const log = withTrade(loggedRun(), (t) => ({ ...t, maker: { ...t.maker, orderId: 99 } }));
    expect(() => replay(log)).toThrow(/order 99 is not resting/);
  });

  it('refuses a trade that names another account as the maker', () => {
    const log = withTrade(loggedRun(), (t) => ({ ...t, maker: { ...t.maker, accountId: C } }));
    expect(() => replay(log)).toThrow(/wrong maker account/);
  });

  it('refuses a trade that names another account as the taker', () => {
    const log = withTrade(loggedRun(), (t) => ({ ...t, taker: { ...t.taker, accountId: C } }));
    expect(() => replay(log)).toThrow(/wrong taker account/);
  });

  it.each([
    ['a maker that is not resting', (t: Trade) => ({ ...t, maker: { ...t.maker, orderId: 99 } })],
    ['the wrong maker account', (t: Trade) => ({ ...t, maker: { ...t.maker, accountId: C } })],
    ['the wrong taker account', (t: Trade) => ({ ...t, taker: { ...t.taker, accountId: C } })],
  ])('leaves the state as it was when it refuses a trade naming %s', (_, change) => {
    const log = withTrade(loggedRun(), change);
    const at = log.findIndex((event) => event.type === 'Trade');
    const replica = replay(log.slice(0, at));
    // Mid-command (the taker is in hand), so no snapshot: everything the trade would have touched instead.
    const view = () => ({
      seq: replica.seq,
      time: replica.lastEventTime,
      maker: replica.openOrder(1),
      asks: replica.depth('SELL'),
      positions: [...replica.positions()],
    });
    const before = view();
    expect(() => replica.apply(log[at]!)).toThrow(EventOutOfSequence);
    expect(view()).toEqual(before);
  });
});
