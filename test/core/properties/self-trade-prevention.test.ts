// Self-trade prevention (matching step 1): the taker's mode decides, for GTC, IOC and MARKET takers; FOK, GTX
// and amended orders behave as NONE. One account trades with itself only under NONE; EXPIRE_MAKER expires the
// maker and goes on; EXPIRE_TAKER expires the taker's rest; EXPIRE_BOTH does both. An amended order's stored
// mode is NONE.

import { BookModel, following, oppositeSide } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

describe('self-trade prevention', () => {
  scenarioProperty(
    'self-trades, maker and taker expiries happen exactly as the taker’s effective mode says',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      let bothPending: number | undefined; // an EXPIRE_BOTH maker expiry, waiting for the taker's
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            const inHand = model.inHand;
            if (bothPending !== undefined) {
              const next = { type: event.type, reason: 'reason' in event ? event.reason : undefined };
              expectSame(
                { afterMakerExpiry: bothPending, next },
                {
                  afterMakerExpiry: bothPending,
                  next: { type: 'OrderExpired', reason: 'SELF_TRADE_PREVENTION' },
                },
              );
              bothPending = undefined;
            }
            if (inHand === undefined) return;
            const taker = inHand.order;
            const head = model.head(oppositeSide(taker.side));
            if (event.type === 'Trade' && event.maker.accountId === event.taker.accountId) {
              expectSame(
                { selfTrade: event.tradeId, mode: inHand.stp },
                { selfTrade: event.tradeId, mode: 'NONE' },
              );
            }
            if (event.type !== 'OrderExpired' || event.reason !== 'SELF_TRADE_PREVENTION') return;
            if (event.levelQuantity !== null) {
              // The maker at the head expires: same account, taker mode EXPIRE_MAKER or EXPIRE_BOTH.
              expectSame(
                {
                  maker: event.orderId,
                  account: event.accountId,
                  expiresMaker: ['EXPIRE_MAKER', 'EXPIRE_BOTH'].includes(inHand.stp),
                },
                { maker: head?.orderId, account: taker.accountId, expiresMaker: true },
              );
              if (inHand.stp === 'EXPIRE_BOTH') bothPending = event.orderId;
            } else {
              // The taker's rest expires: under EXPIRE_TAKER because its own order is at the head now,
              // under EXPIRE_BOTH right after the maker did (checked above).
              expectSame(
                {
                  taker: event.orderId,
                  mode: inHand.stp,
                  headAccount: inHand.stp === 'EXPIRE_TAKER' ? head?.accountId : taker.accountId,
                },
                {
                  taker: taker.orderId,
                  mode: inHand.stp === 'EXPIRE_BOTH' ? 'EXPIRE_BOTH' : 'EXPIRE_TAKER',
                  headAccount: taker.accountId,
                },
              );
            }
          },
        }),
      );
      expect(bothPending).toBeUndefined();
    },
  );

  scenarioProperty(
    'only GTC, IOC and MARKET orders with a mode other than NONE prevent self-trades; an amended order rests with NONE',
    RUNS,
    (scenario) => {
      runScenario(scenario, {
        after({ engine, events, command }) {
          for (const event of events) {
            if (event.type !== 'OrderAmended') continue;
            const mode = engine.openOrder(event.orderId)?.selfTradePreventionMode ?? 'NONE';
            expectSame({ amended: event.orderId, mode }, { amended: event.orderId, mode: 'NONE' });
          }
          if (!events.some((e) => e.type === 'OrderExpired' && e.reason === 'SELF_TRADE_PREVENTION')) return;
          // The command's taker must be a new order that applies self-trade prevention.
          const taker = command.type === 'PlaceOrder' ? command.order : undefined;
          const flavor = taker?.type === 'MARKET' ? 'MARKET' : taker?.timeInForce;
          expectSame(
            { command: command.commandId, flavor, mode: taker?.selfTradePreventionMode },
            {
              command: command.commandId,
              flavor:
                flavor === 'GTC' || flavor === 'IOC' || flavor === 'MARKET' ? flavor : 'GTC, IOC or MARKET',
              mode: taker?.selfTradePreventionMode === 'NONE' ? 'not NONE' : taker?.selfTradePreventionMode,
            },
          );
        },
      });
    },
  );
});
