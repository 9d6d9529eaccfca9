// Property 7: money is conserved. Without fees, once every position is closed the realized PnL of all fills
// sums to exactly 0 across accounts; at any time each account's fills add up to its position's realizedPnl,
// and realized PnL is Σ sell notional − Σ buy notional corrected by the basis still open. Every fill moves the
// position by the documented rule, and fees are ⌈notional × rate⌉ (never negative for takers).

import type { Trade } from '../../../core/engine/events';
import { compactMoney, moneyOf } from '../../../core/numbers/money';
import { compactPosition, expandPosition, type Position } from '../../../core/position/position';
import { expectSame } from './support/expectSame';
import { expectedFee, FEE_MARKETS, notional, rateOf, ZERO_FEE_MARKETS } from './support/markets';
import { referenceFill } from './support/positionModel';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 60;

const tradesOf = (events: readonly (readonly { type: string }[])[]): Trade[] =>
  events.flat().filter((e): e is Trade => e.type === 'Trade');

describe('realized PnL and fees', () => {
  scenarioProperty(
    'without fees, after every position is closed, realized PnL sums to exactly 0 and each account’s fills sum to its position',
    RUNS,
    (scenario) => {
      const run = runScenario(scenario);
      const engine = run.engine;
      // The scenario ended by trading everyone flat: check that it did, or the property would be vacuous.
      for (const accountId of scenario.accounts)
        expect(engine.position(accountId)).toMatchObject({ size: 0, entryNotional: 0n });

      const byAccount = new Map<number, bigint>();
      let total = 0n;
      for (const trade of tradesOf(run.events)) {
        for (const fill of [trade.maker, trade.taker]) {
          byAccount.set(fill.accountId, (byAccount.get(fill.accountId) ?? 0n) + moneyOf(fill.realizedPnl));
          total += moneyOf(fill.realizedPnl);
          expectSame(fill.fee, 0);
        }
      }
      expect(total).toBe(0n);
      for (const accountId of scenario.accounts) {
        expect({ accountId, realized: byAccount.get(accountId) ?? 0n }).toEqual({
          accountId,
          realized: engine.position(accountId).realizedPnl,
        });
      }
    },
    { markets: ZERO_FEE_MARKETS, closeOut: true },
  );

  scenarioProperty(
    'every fill follows the position rule, realized = Σ sells − Σ buys ± open basis, fees are ⌈notional × rate⌉',
    RUNS,
    (scenario) => {
      const { market } = scenario;
      const positions = new Map<number, Position>();
      const cashFlow = new Map<number, bigint>(); // Σ sell notional − Σ buy notional
      const realizedSum = new Map<number, bigint>();
      const flat: Position = { size: 0, entryNotional: 0n, realizedPnl: 0n };
      // The rates in force: the listed spec's, then whatever UpdateSymbol set.
      let makerRate = 0n;
      let takerRate = 0n;
      const run = runScenario(scenario, {
        after({ events }) {
          for (const event of events) {
            if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') {
              makerRate = rateOf(event.spec.makerFeeRate);
              takerRate = rateOf(event.spec.takerFeeRate);
            }
            if (event.type !== 'Trade') continue;
            const trade = event;
            const value = notional(market, trade.price, trade.quantity);
            const makerSide = trade.takerSide === 'BUY' ? 'SELL' : 'BUY';
            // The maker's fill is applied first, which matters when one account is on both sides.
            for (const [fill, side, rate] of [
              [trade.maker, makerSide, makerRate],
              [trade.taker, trade.takerSide, takerRate],
            ] as const) {
              const expected = referenceFill(
                positions.get(fill.accountId) ?? flat,
                side,
                trade.quantity,
                value,
              );
              const id = { tradeId: trade.tradeId, account: fill.accountId };
              expectSame(
                { ...id, position: fill.position, realizedPnl: fill.realizedPnl, fee: fill.fee },
                {
                  ...id,
                  // Compact, so this also holds the engine to one form per amount.
                  position: compactPosition(expected.position),
                  realizedPnl: compactMoney(expected.realizedPnl),
                  fee: compactMoney(expectedFee(value, rate)),
                },
              );
              positions.set(fill.accountId, expandPosition(fill.position));

              const flow = (cashFlow.get(fill.accountId) ?? 0n) + (side === 'SELL' ? value : -value);
              cashFlow.set(fill.accountId, flow);
              const realized = (realizedSum.get(fill.accountId) ?? 0n) + moneyOf(fill.realizedPnl);
              realizedSum.set(fill.accountId, realized);
              const { size, entryNotional } = expandPosition(fill.position);
              const openBasis = size > 0 ? entryNotional : size < 0 ? -entryNotional : 0n;
              expectSame(
                {
                  ...id,
                  sumOfFills: realized,
                  cashFlowPlusOpenBasis: flow + openBasis,
                  basisIsZero: entryNotional === 0n,
                },
                {
                  ...id,
                  sumOfFills: moneyOf(fill.position.realizedPnl),
                  cashFlowPlusOpenBasis: realized,
                  basisIsZero: size === 0,
                },
              );
            }
            expectSame(
              { tradeId: trade.tradeId, takerFeeNonNegative: trade.taker.fee >= 0 },
              { tradeId: trade.tradeId, takerFeeNonNegative: true },
            );
          }
        },
      });
      for (const accountId of scenario.accounts) {
        expect(run.engine.position(accountId)).toEqual(positions.get(accountId) ?? flat);
      }
    },
    { markets: FEE_MARKETS },
  );
});
