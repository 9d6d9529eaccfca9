// Property 11: index prices, marks and funding. Over random trading sessions with random index paths and
// funding settlements (hours apart, sometimes repeated):
//  - every MarkPriceUpdated and every settlement is what an independent model of docs/futures.md computes;
//  - funding payments sum to exactly zero, none is more than one unit from its exact amount, and only accounts
//    holding a position pay or receive (with no position, no FundingPaid at all);
//  - replaying the events, or restoring a snapshot and running the rest, reproduces every event byte for byte
//    and the state hash;
//  - money is conserved through the account fold: Σ wallets + Σ fees = Σ deposits, funding included;
//  - PERCENT_PRICE follows the mark once there is one.

import fc from 'fast-check';
import { type AccountState, openedAccount } from '../../../core/accounts/account';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { settleSymbolEvents } from '../../../core/accounts/settlement';
import type { EngineEvent, FundingPaid } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { moneyOf } from '../../../core/numbers/money';
import { propertyParameters, testTimeout } from './support/config';
import { expectSame } from './support/expectSame';
import { FuturesModel, termsOf } from './support/futuresModel';
import { markBandCeiling, markBandFloor } from './support/markets';
import { canonicalJson, runScenario } from './support/run';
import { scenarioArbitrary } from './support/scenario';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 40;
const FUTURES = { futures: true };

describe('index prices, marks and funding', () => {
  scenarioProperty(
    'every mark and every settlement is what an independent model computes; payments sum to zero, only positions pay',
    RUNS,
    (scenario) => {
      const model = new FuturesModel(scenario.market, termsOf(scenario.market));
      let expectedMark: ReturnType<FuturesModel['indexPrice']> | undefined;
      let expectedSettlement: ReturnType<FuturesModel['settle']>;
      let sizes = new Map<number, number>();
      let marks = 0;
      runScenario(scenario, {
        before(engine, command) {
          expectedMark = undefined;
          expectedSettlement = undefined;
          if (engine.instrument === undefined) return;
          const time = Math.max(command.time, engine.lastEventTime);
          if (command.type === 'UpdateIndexPrice') expectedMark = model.indexPrice(engine, command, time);
          if (command.type === 'SettleFunding') {
            sizes = new Map([...engine.positions()].map(([id, p]) => [id, p.size]));
            expectedSettlement = model.settle(engine, command, time);
          }
        },
        after({ command, events }) {
          if (command.type === 'UpdateIndexPrice' && expectedMark !== undefined) {
            marks++;
            const event = events[0]!;
            expectSame(
              { command: command.commandId, events: events.length, type: event.type },
              { command: command.commandId, events: 1, type: 'MarkPriceUpdated' },
            );
            if (event.type !== 'MarkPriceUpdated') return;
            const {
              markPrice,
              premium,
              basis,
              sampled,
              estimatedFundingRate,
              lastFundingRate,
              nextFundingTime,
            } = event;
            expectSame(
              {
                command: command.commandId,
                markPrice,
                premium,
                basis,
                sampled,
                estimatedFundingRate,
                lastFundingRate,
                nextFundingTime,
              },
              { command: command.commandId, ...expectedMark },
            );
          }
          if (command.type !== 'SettleFunding') return;
          if (expectedSettlement === undefined) {
            expectSame(
              events.map((e) => e.type),
              ['CommandRejected'],
            );
            return;
          }
          const [settled, ...paid] = events;
          expectSame(settled?.type, 'FundingSettled');
          if (settled?.type !== 'FundingSettled') return;
          const payments = paid.flatMap((e) =>
            (e as FundingPaid).payments.map(([id, a]) => [id, moneyOf(a)]),
          );
          expectSame(
            { rate: settled.fundingRate, payments, paymentEvents: settled.paymentEvents },
            {
              rate: expectedSettlement.fundingRate,
              payments: expectedSettlement.payments,
              paymentEvents: paid.length,
            },
          );
          // Sum zero; each within one unit of exact; only accounts with a position; none without positions.
          expectSame(
            payments.reduce((sum, [, amount]) => sum + (amount as bigint), 0n),
            0n,
          );
          for (const [id, amount] of payments as [number, bigint][]) {
            const exact = expectedSettlement.exact.get(id)!;
            const gap = -amount * exact.d - exact.n; // −amount − exact, over exact.d
            expectSame(
              { id, holds: (sizes.get(id) ?? 0) !== 0, withinOneUnit: gap < exact.d && gap > -exact.d },
              { id, holds: true, withinOneUnit: true },
            );
          }
          if ([...sizes.values()].every((size) => size === 0)) expectSame(paid.length, 0);
        },
      });
      // The runs did exercise what they check (most of them).
      if (scenario.steps.length > 50) expect(marks).toBeGreaterThan(0);
    },
    FUTURES,
  );

  test(
    'replay and snapshot + replay reproduce every event byte for byte and the state hash',
    () => {
      fc.assert(
        fc.property(
          scenarioArbitrary(FUTURES),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (scenario, where) => {
            const replica = MatchingEngine.create(scenario.market.spec.symbol);
            const run = runScenario(scenario, {
              after({ engine, events, command }) {
                for (const event of events) replica.apply(event);
                const same = Buffer.from(replica.encodedSnapshot()).equals(engine.encodedSnapshot());
                expectSame({ after: command.commandId, same }, { after: command.commandId, same: true });
              },
            });
            const { commands, events } = run;
            const split = Math.min(commands.length, Math.floor(where * (commands.length + 1)));
            const before = MatchingEngine.create(scenario.market.spec.symbol);
            for (const command of commands.slice(0, split)) before.execute(command);
            const restored = MatchingEngine.restore(before.encodedSnapshot());
            for (let i = split; i < commands.length; i++) {
              expectSame(
                { at: i, events: canonicalJson(restored.execute(commands[i]!)) },
                { at: i, events: canonicalJson(events[i]) },
              );
            }
            expect(restored.stateHash()).toBe(run.engine.stateHash());
            expect(replica.stateHash()).toBe(run.engine.stateHash());
          },
        ),
        propertyParameters(RUNS),
      );
    },
    testTimeout(RUNS),
  );

  scenarioProperty(
    'money is conserved through the account fold: Σ wallets + Σ fees = Σ deposits, funding included',
    RUNS,
    (scenario) => {
      const deposit = 1_000_000n * 100_000_000n;
      const accounts = new Map<number, AccountState>(
        scenario.accounts.map((id) => [
          id,
          evolveAccount(openedAccount(id), {
            type: 'CollateralDeposited',
            amount: deposit,
            reference: 'start',
          }),
        ]),
      );
      let fees = 0n;
      let funding = 0n;
      const run = runScenario(scenario, {
        after({ events }) {
          for (const event of events) {
            if (event.type === 'Trade') fees += moneyOf(event.maker.fee) + moneyOf(event.taker.fee);
            if (event.type === 'FundingPaid') for (const [, a] of event.payments) funding += moneyOf(a);
          }
          for (const [id, state] of accounts) {
            const change = settleSymbolEvents(state, scenario.market.spec.symbol, events as EngineEvent[]);
            if (change !== undefined) accounts.set(id, evolveAccount(state, change));
          }
        },
      });
      for (const id of scenario.accounts) expect(run.engine.position(id).size).toBe(0);
      const wallets = [...accounts.values()].reduce((sum, a) => sum + a.walletBalance, 0n);
      expect(funding).toBe(0n);
      expect(wallets + fees).toBe(deposit * BigInt(scenario.accounts.length));
    },
    { ...FUTURES, closeOut: true },
  );

  scenarioProperty(
    'PERCENT_PRICE follows the mark: accepted limit prices lie inside its band, -4016/-4024 outside',
    RUNS,
    (scenario) => {
      let mark: number | undefined;
      runScenario(scenario, {
        before(engine) {
          mark = engine.markPrice;
        },
        after({ command, events }) {
          if (mark === undefined || command.type !== 'PlaceOrder' || command.order.type !== 'LIMIT') return;
          const { side, price } = command.order;
          const inside =
            side === 'BUY'
              ? price <= markBandCeiling(scenario.market, mark)
              : price >= markBandFloor(scenario.market, mark);
          const outcome = events[0]!;
          if (outcome.type === 'OrderAccepted') expectSame({ price, inside }, { price, inside: true });
          if (outcome.type === 'OrderRejected' && (outcome.code === -4016 || outcome.code === -4024)) {
            expectSame({ price, inside }, { price, inside: false });
          }
        },
      });
    },
    FUTURES,
  );
});
