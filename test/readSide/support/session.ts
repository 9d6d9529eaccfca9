import fc from 'fast-check';
import type { EngineCommand } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { SelfTradePreventionMode, Side } from '../../../core/orders/order';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { TESTUSDT } from '../../core/support/specs';

/**
 * Random trading sessions for the read side: a few accounts placing, cancelling and amending orders of every kind
 * around a drifting mid, with the clock jumping by milliseconds, minutes, hours or days (so candles of every
 * interval, weeks and months included, open and close), and now and then a short halt (SymbolUpdated twice).
 */
export type Flavor = 'GTC' | 'IOC' | 'FOK' | 'GTX' | 'MARKET';

export type Intent =
  | {
      readonly kind: 'place';
      readonly account: number;
      readonly side: Side;
      readonly flavor: Flavor;
      readonly offset: number;
      readonly qty: number;
      readonly reduceOnly: boolean;
      readonly stp: SelfTradePreventionMode;
    }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'amend'; readonly pick: number; readonly dPrice: number; readonly dQty: number }
  | { readonly kind: 'cancelAll'; readonly account: number }
  | { readonly kind: 'halt' }
  /** Two accounts rest at one price, a third takes both and more: an aggregate trade of several fills. */
  | {
      readonly kind: 'sweep';
      readonly side: Side;
      readonly makers: readonly [number, number];
      readonly extra: number;
    };

export interface SessionPlan {
  readonly start: number;
  readonly steps: readonly { readonly intent: Intent; readonly dt: number; readonly drift: number }[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const intent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      account: fc.nat({ max: 3 }),
      side: fc.constantFrom<Side>('BUY', 'SELL'),
      flavor: fc.constantFrom<Flavor>(
        'GTC',
        'GTC',
        'GTC',
        'GTC',
        'GTC',
        'IOC',
        'IOC',
        'FOK',
        'GTX',
        'MARKET',
        'MARKET',
      ),
      offset: fc.integer({ min: -8, max: 3 }),
      qty: fc.integer({ min: 1, max: 6 }),
      reduceOnly: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      stp: fc.constantFrom<SelfTradePreventionMode>('EXPIRE_MAKER', 'EXPIRE_TAKER', 'EXPIRE_BOTH', 'NONE'),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      dPrice: fc.integer({ min: -3, max: 3 }),
      dQty: fc.integer({ min: -2, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), account: fc.nat({ max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'halt' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sweep' as const),
      side: fc.constantFrom<Side>('BUY', 'SELL'),
      makers: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
      extra: fc.nat({ max: 3 }),
    }),
  },
);

/** Time steps: mostly within a minute, sometimes across hours and days (weeks and months in a long run). */
const dt = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 * DAY }) },
);

/** Starts anywhere in 2024-2027, or a few minutes before a month (and often a week) boundary. */
const start = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
  fc
    .record({ year: fc.integer({ min: 2024, max: 2027 }), month: fc.nat({ max: 11 }) })
    .map(({ year, month }) => Date.UTC(year, month + 1, 1) - 3 * MINUTE),
);

export function sessionPlans(maxSteps: number): fc.Arbitrary<SessionPlan> {
  return fc.record({
    start,
    steps: fc.array(fc.record({ intent, dt, drift: fc.integer({ min: -2, max: 2 }) }), {
      minLength: Math.ceil(maxSteps / 3),
      maxLength: maxSteps,
      size: 'max',
    }),
  });
}

/** One command's events, as the matcher keeps them until it commits. */
export interface Session {
  readonly spec: SymbolSpec;
  readonly accounts: readonly number[];
  readonly outcomes: readonly (readonly EngineEvent[])[];
  readonly events: readonly EngineEvent[];
  readonly engine: MatchingEngine;
}

/** Plays a plan on a fresh engine for `symbol` with the given account ids. */
export function playSession(plan: SessionPlan, symbol: string, accounts: readonly number[]): Session {
  const spec: SymbolSpec = { ...TESTUSDT, symbol, baseAsset: symbol.replace(/USDT$/, ''), maxNumOrders: 50 };
  const engine = MatchingEngine.create(symbol);
  const outcomes: EngineEvent[][] = [];
  let time = plan.start;
  let mid = 1000;
  let nextOrderId = 1;
  let nextCommand = 1;
  let haltedFor = 0;
  const run = (command: EngineCommand) => outcomes.push(engine.execute(command));
  const header = () => ({ commandId: `c${nextCommand++}`, time });
  run({ type: 'ListSymbol', ...header(), spec });
  for (const step of plan.steps) {
    time += step.dt;
    if (haltedFor > 0 && --haltedFor === 0)
      run({ type: 'UpdateSymbol', ...header(), spec: { ...spec, status: 'TRADING' } });
    mid = Math.min(1020, Math.max(980, mid + step.drift));
    const open = accounts.flatMap((a) => engine.openOrders(a)).sort((x, y) => x.orderId - y.orderId);
    const i = step.intent;
    switch (i.kind) {
      case 'place': {
        const isMarket = i.flavor === 'MARKET';
        const price = i.side === 'BUY' ? mid - i.offset : mid + i.offset;
        const orderId = nextOrderId++;
        run({
          type: 'PlaceOrder',
          ...header(),
          order: {
            orderId,
            accountId: accounts[i.account]!,
            clientOrderId: `o${orderId}`,
            side: i.side,
            type: isMarket ? 'MARKET' : 'LIMIT',
            timeInForce: i.flavor === 'MARKET' ? 'GTC' : i.flavor,
            price: isMarket ? 0 : price,
            // Takers sweep: they meet several makers, often at one price (aggregate trades).
            quantity: i.flavor === 'MARKET' || i.flavor === 'IOC' ? 2 * i.qty : i.qty,
            reduceOnly: i.reduceOnly,
            selfTradePreventionMode: i.stp,
          },
        });
        break;
      }
      case 'cancel': {
        const order = open[i.pick % Math.max(open.length, 1)];
        if (order !== undefined)
          run({ type: 'CancelOrder', ...header(), accountId: order.accountId, orderId: order.orderId });
        break;
      }
      case 'amend': {
        const order = open[i.pick % Math.max(open.length, 1)];
        if (order !== undefined) {
          run({
            type: 'AmendOrder',
            ...header(),
            accountId: order.accountId,
            orderId: order.orderId,
            side: order.side,
            price: Math.max(1, order.price + i.dPrice),
            quantity: Math.max(1, order.filled + order.remaining + i.dQty),
          });
        }
        break;
      }
      case 'cancelAll':
        run({ type: 'CancelAllOrders', ...header(), accountId: accounts[i.account]! });
        break;
      case 'sweep': {
        const [a, b] = i.makers;
        const makerSide = i.side === 'BUY' ? 'SELL' : 'BUY';
        const price = i.side === 'BUY' ? mid + 1 : mid - 1;
        const limit = (account: number, side: Side, quantity: number, type: 'LIMIT' | 'MARKET' = 'LIMIT') => {
          const orderId = nextOrderId++;
          run({
            type: 'PlaceOrder',
            ...header(),
            order: {
              orderId,
              accountId: accounts[account]!,
              clientOrderId: `o${orderId}`,
              side,
              type,
              timeInForce: 'GTC',
              price: type === 'MARKET' ? 0 : price,
              quantity,
              reduceOnly: false,
              selfTradePreventionMode: 'EXPIRE_MAKER',
            },
          });
        };
        limit(0, makerSide, a);
        limit(1, makerSide, b);
        limit(2, i.side, a + b + i.extra, i.extra % 2 === 0 ? 'LIMIT' : 'MARKET');
        break;
      }
      case 'halt':
        // A short halt: new orders are refused (-1122) for the next two steps, then trading resumes.
        if (haltedFor === 0) run({ type: 'UpdateSymbol', ...header(), spec: { ...spec, status: 'HALT' } });
        haltedFor = 3;
        break;
    }
  }
  return { spec, accounts, outcomes, events: outcomes.flat(), engine };
}
