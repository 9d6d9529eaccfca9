// Liquidations in random sessions: random positions, random books, random liquidation orders with random ADL
// queues (any subset: a risk shard's queue names only its own accounts) and bankruptcy prices. Whatever happens,
// positions still net to zero across accounts (the fund included), the fund's balance is exactly the sum of the
// liquidation fees it received, each liquidation accounts for all of its quantity, a liquidation leaves something
// open only when no account but the fund holds an opposite position any more, and replaying the events rebuilds the
// same state.

import fc from 'fast-check';
import type { EngineCommand } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { INSURANCE_FUND_ACCOUNT } from '../../../core/engine/state';
import { moneyOf } from '../../../core/numbers/money';
import { limit, liquidation, listSymbol } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

const spec = { ...TESTUSDT, maxNumOrders: 200 };
const ACCOUNTS = [1, 2, 3, 4, 5];

const order = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  price: fc.integer({ min: 80, max: 120 }),
  qty: fc.integer({ min: 1, max: 20 }),
});
const liquidationOrder = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  price: fc.integer({ min: 60, max: 140 }),
  qty: fc.integer({ min: 1, max: 40 }),
  adlQueue: fc.shuffledSubarray(ACCOUNTS),
});
const step = fc.oneof(
  { weight: 3, arbitrary: order.map((o) => ({ kind: 'order' as const, ...o })) },
  { weight: 1, arbitrary: liquidationOrder.map((l) => ({ kind: 'liquidate' as const, ...l })) },
);

test('positions net to zero, the fund holds exactly its fees, every lot is accounted for, replay is exact', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 5, maxLength: 60 }), (steps) => {
      const engine = MatchingEngine.create(spec.symbol);
      const log: EngineEvent[] = [...engine.execute(listSymbol(spec))];
      let id = 1;
      let fees = 0n;
      for (const s of steps) {
        let command: EngineCommand;
        if (s.kind === 'order') {
          command = limit({ id: id++, account: s.account, side: s.side, price: s.price, qty: s.qty });
        } else {
          const size = engine.position(s.account).size;
          command = liquidation({
            id: id++,
            account: s.account,
            side: size >= 0 ? 'SELL' : 'BUY',
            price: s.price,
            qty: s.qty,
            adlQueue: s.adlQueue,
          });
        }
        const events = engine.execute(command);
        log.push(...events);
        for (const event of events) {
          if (event.type !== 'Liquidated') continue;
          fees += moneyOf(event.liquidationFee);
          expect(
            event.filledQuantity + event.insuranceQuantity + event.adlQuantity + event.unfilledQuantity,
          ).toBe(event.quantity);
          expect(moneyOf(event.liquidationFee)).toBeGreaterThanOrEqual(0n);
          if (event.unfilledQuantity > 0) {
            const counterpartySign = event.side === 'SELL' ? -1 : 1;
            const others = [...engine.positions()].filter(
              ([accountId, p]) =>
                accountId !== event.accountId &&
                accountId !== INSURANCE_FUND_ACCOUNT &&
                Math.sign(p.size) === counterpartySign,
            );
            expect(others).toEqual([]);
          }
        }
      }
      let net = 0;
      for (const position of engine.positions().values()) net += position.size;
      expect(net).toBe(0);
      expect(engine.insuranceBalance).toBe(fees);
      const replayed = MatchingEngine.create(spec.symbol);
      for (const event of log) replayed.apply(event);
      expect(replayed.stateHash()).toBe(engine.stateHash());
    }),
    { numRuns: 150 },
  );
});
