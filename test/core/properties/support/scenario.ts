import fc from 'fast-check';
import type { EngineCommand, PlaceOrder } from '../../../../core/engine/commands';
import type { EngineEvent } from '../../../../core/engine/events';
import type { MatchingEngine } from '../../../../core/engine/matchingEngine';
import type { SelfTradePreventionMode, Side } from '../../../../core/orders/order';
import { MAX_COMMANDS } from './config';
import { ALL_MARKETS, bandCeiling, bandFloor, type Market, markBandCeiling, markBandFloor } from './markets';

/**
 * Random trading as data. A scenario is a list of *intents* ("account 2 buys 3 lots 4 ticks under the mid",
 * "amend the 7th open order to a smaller quantity") that are turned into concrete engine commands one at a
 * time, against the engine's state at that moment. Intents refer to orders by position in the list of open
 * orders, so any subsequence of a scenario is still meaningful and fast-check can shrink a 300-command
 * failure down to the handful of commands that matter.
 */

export type Flavor = 'GTC' | 'IOC' | 'FOK' | 'GTX' | 'MARKET';

export interface PlaceIntent {
  readonly kind: 'place';
  readonly account: number;
  readonly side: Side;
  readonly flavor: Flavor;
  /** Ticks behind the mid (positive: passive, negative: through the mid). */
  readonly offset: number;
  readonly qty: number;
  readonly reduceOnly: boolean;
  /** For a reduce-only order: take the side that closes the account's position. */
  readonly towardClose: boolean;
  readonly stp: SelfTradePreventionMode;
  /** null: a fresh client order id; n: the account's shared id `k<n>` (duplicates are -4116). */
  readonly clientId: number | null;
  /** For a reduce-only limit order: join the price of one of the account's resting reduce-only orders. */
  readonly joinOwn: boolean;
}

export type PlaceDefect =
  | 'zeroPrice'
  | 'zeroQty'
  | 'tooMuch'
  | 'outsideBand'
  | 'tinyNotional'
  | 'bandEdge'
  | 'duplicateOrderId'
  | 'duplicateClientId';

export interface BadPlaceIntent {
  readonly kind: 'badPlace';
  readonly account: number;
  readonly side: Side;
  readonly defect: PlaceDefect;
  readonly pick: number;
}

export type CancelHow = 'id' | 'clientId' | 'unknownId' | 'unknownClientId' | 'othersOrder';

export interface CancelIntent {
  readonly kind: 'cancel';
  readonly how: CancelHow;
  readonly pick: number;
  readonly account: number;
}

export interface CancelAllIntent {
  readonly kind: 'cancelAll';
  readonly account: number;
}

export type AmendHow =
  | 'decrease'
  | 'increase'
  | 'reprice'
  | 'repriceAndResize'
  | 'cross'
  | 'toFilled'
  | 'noop'
  | 'wrongSide'
  | 'othersOrder'
  | 'unknown'
  | 'zeroPrice';

export interface AmendIntent {
  readonly kind: 'amend';
  readonly how: AmendHow;
  readonly pick: number;
  readonly delta: number;
  readonly byClientId: boolean;
  /** Aim at a reduce-only order if there is one (an amendment is the one way to grow one). */
  readonly reduceOnlyFirst: boolean;
}

export interface StatusIntent {
  readonly kind: 'status';
  readonly to: 'HALT' | 'TRADING' | 'changeTick' | 'relist' | 'changeFees';
  /** A halt lasts this many steps, then the market resumes. */
  readonly steps: number;
}

/** A command the matcher could not read: the engine only records its rejection. */
export interface UnreadableIntent {
  readonly kind: 'unreadable';
  readonly account: number;
  readonly commandType: 'PlaceOrder' | 'CancelOrder' | 'AmendOrder' | 'Unknown';
}

/** An index price around the mid (scenarios with futures only). */
export interface IndexIntent {
  readonly kind: 'index';
  /** Basis points from the mid. */
  readonly offset: number;
  /** Added in index units (10⁻⁸ USDT), modulo a tick: an index between ticks. */
  readonly fraction: number;
  /** In the same second as the command before (so it samples nothing if that one was an index price too). */
  readonly sameSecond: boolean;
}

/** Time passes (hours), then funding is settled at the last funding time; `again` repeats the last settled one. */
export interface FundingIntent {
  readonly kind: 'funding';
  readonly hours: number;
  readonly again: boolean;
}

export type Intent =
  | PlaceIntent
  | BadPlaceIntent
  | CancelIntent
  | CancelAllIntent
  | AmendIntent
  | StatusIntent
  | UnreadableIntent
  | IndexIntent
  | FundingIntent;

export interface ScenarioStep {
  readonly intent: Intent;
  /** How the mid moves before this step, in ticks. */
  readonly drift: number;
}

export interface Scenario {
  readonly market: Market;
  readonly accounts: readonly number[];
  readonly steps: readonly ScenarioStep[];
  /** Finish by cancelling everything and trading every position flat between the accounts. */
  readonly closeOut: boolean;
  /** The engine's initial storage (expectedOrders): small makes the order store and id index grow mid-run. */
  readonly capacity: number;
  readonly profile: Profile;
  /** Index prices and funding settlements among the commands. */
  readonly futures: boolean;
}

const ACCOUNT_IDS = [11, 22, 33, 44] as const;

const account = fc.nat({ max: ACCOUNT_IDS.length - 1 });
const side = fc.constantFrom<Side>('BUY', 'SELL');
const weighted = <T>(...choices: [number, T][]) =>
  fc.oneof(...choices.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));

const placeIntent: fc.Arbitrary<PlaceIntent> = fc.record({
  kind: fc.constant('place' as const),
  account,
  side,
  flavor: weighted<Flavor>([5, 'GTC'], [2, 'IOC'], [1, 'FOK'], [1, 'GTX'], [2, 'MARKET']),
  offset: fc.integer({ min: -10, max: 25 }),
  qty: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: 8 }) },
    { weight: 1, arbitrary: fc.integer({ min: 9, max: 60 }) },
  ),
  reduceOnly: weighted([4, false], [1, true]),
  towardClose: weighted([3, true], [1, false]),
  stp: weighted<SelfTradePreventionMode>(
    [3, 'EXPIRE_MAKER'],
    [1, 'EXPIRE_TAKER'],
    [1, 'EXPIRE_BOTH'],
    [1, 'NONE'],
  ),
  clientId: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.nat({ max: 2 }) },
  ),
  joinOwn: fc.boolean(),
});

const badPlaceIntent: fc.Arbitrary<BadPlaceIntent> = fc.record({
  kind: fc.constant('badPlace' as const),
  account,
  side,
  defect: fc.constantFrom<PlaceDefect>(
    'zeroPrice',
    'zeroQty',
    'tooMuch',
    'outsideBand',
    'tinyNotional',
    'bandEdge',
    'duplicateOrderId',
    'duplicateClientId',
  ),
  pick: fc.nat(),
});

const cancelIntent: fc.Arbitrary<CancelIntent> = fc.record({
  kind: fc.constant('cancel' as const),
  how: weighted<CancelHow>(
    [5, 'id'],
    [3, 'clientId'],
    [1, 'unknownId'],
    [1, 'unknownClientId'],
    [1, 'othersOrder'],
  ),
  pick: fc.nat(),
  account,
});

const cancelAllIntent: fc.Arbitrary<CancelAllIntent> = fc.record({
  kind: fc.constant('cancelAll' as const),
  account,
});

const amendIntent: fc.Arbitrary<AmendIntent> = fc.record({
  kind: fc.constant('amend' as const),
  how: weighted<AmendHow>(
    [5, 'decrease'],
    [3, 'increase'],
    [3, 'reprice'],
    [2, 'repriceAndResize'],
    [3, 'cross'],
    [2, 'toFilled'],
    [1, 'noop'],
    [1, 'wrongSide'],
    [1, 'othersOrder'],
    [1, 'unknown'],
    [1, 'zeroPrice'],
  ),
  pick: fc.nat(),
  delta: fc.nat({ max: 20 }),
  byClientId: weighted([3, false], [1, true]),
  reduceOnlyFirst: weighted([2, false], [1, true]),
});

const statusIntent: fc.Arbitrary<StatusIntent> = fc.record({
  kind: fc.constant('status' as const),
  to: weighted<StatusIntent['to']>(
    [2, 'HALT'],
    [1, 'TRADING'],
    [1, 'changeTick'],
    [1, 'relist'],
    [2, 'changeFees'],
  ),
  steps: fc.integer({ min: 1, max: 6 }),
});

const unreadableIntent: fc.Arbitrary<UnreadableIntent> = fc.record({
  kind: fc.constant('unreadable' as const),
  account,
  commandType: fc.constantFrom(
    'PlaceOrder' as const,
    'CancelOrder' as const,
    'AmendOrder' as const,
    'Unknown' as const,
  ),
});

const indexIntent: fc.Arbitrary<IndexIntent> = fc.record({
  kind: fc.constant('index' as const),
  offset: fc.integer({ min: -300, max: 300 }),
  fraction: fc.nat({ max: 99_999_999 }),
  sameSecond: weighted([4, false], [1, true]),
});

const fundingIntent: fc.Arbitrary<FundingIntent> = fc.record({
  kind: fc.constant('funding' as const),
  hours: fc.integer({ min: 0, max: 9 }),
  again: weighted([4, false], [1, true]),
});

/**
 * What a run mostly does. `churn`: every kind of command, books a dozen orders deep. `deep`: mostly passive
 * limit orders and few cancels, so books grow to dozens of orders (and the engine's storage has to grow).
 */
export type Profile = 'churn' | 'deep';

export function intentArbitrary(profile: Profile, futures = false): fc.Arbitrary<Intent> {
  const deep = profile === 'deep';
  return fc.oneof(
    { weight: deep ? 80 : 55, arbitrary: placeIntent },
    { weight: 5, arbitrary: badPlaceIntent },
    { weight: deep ? 3 : 10, arbitrary: cancelIntent },
    { weight: deep ? 1 : 2, arbitrary: cancelAllIntent },
    { weight: deep ? 8 : 20, arbitrary: amendIntent },
    { weight: 2, arbitrary: statusIntent },
    { weight: 1, arbitrary: unreadableIntent },
    { weight: futures ? 20 : 0, arbitrary: indexIntent },
    { weight: futures ? 3 : 0, arbitrary: fundingIntent },
  );
}

const stepArbitrary = (profile: Profile, futures: boolean): fc.Arbitrary<ScenarioStep> =>
  fc.record({
    intent: intentArbitrary(profile, futures),
    drift: fc.integer({ min: -3, max: 3 }),
  });

export interface ScenarioOptions {
  readonly markets?: readonly Market[];
  readonly maxCommands?: number;
  /** true: always close out; false: never; undefined: either. */
  readonly closeOut?: boolean;
  /** Index prices and funding settlements among the commands (off by default: the admission models use the last price). */
  readonly futures?: boolean;
}

export function scenarioArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return weighted<Profile>([3, 'churn'], [1, 'deep']).chain((profile) =>
    fc.record({
      profile: fc.constant(profile),
      market: fc.constantFrom(...(options.markets ?? ALL_MARKETS)),
      accounts: fc.integer({ min: 2, max: ACCOUNT_IDS.length }).map((n) => ACCOUNT_IDS.slice(0, n)),
      steps: fc.array(stepArbitrary(profile, options.futures ?? false), {
        minLength: 1,
        maxLength: options.maxCommands ?? MAX_COMMANDS,
        size: 'max',
      }),
      closeOut: options.closeOut === undefined ? fc.boolean() : fc.constant(options.closeOut),
      capacity: fc.constantFrom(1024, 1),
      futures: fc.constant(options.futures ?? false),
    }),
  );
}

/** A command, and the rejection code the intent that made it was written to provoke (if it is certain). */
export interface Planned {
  readonly command: EngineCommand;
  readonly expectedCode?: number;
}

export const START_TIME = 1_700_000_000_000;
export const FIRST_ORDER_ID = 1_000_001;
const UNKNOWN_ORDER_ID = 999;

/**
 * Turns a scenario into commands, each decided against the engine's state after the previous one: the
 * generator yields a command and receives its events. Starts with ListSymbol; with closeOut, ends with
 * cancels and trades that leave every account flat.
 */
export function* plan(scenario: Scenario, engine: MatchingEngine): Generator<Planned, void, EngineEvent[]> {
  const { market, accounts } = scenario;
  const spec = market.spec;
  let index = 0;
  let nextOrderId = FIRST_ORDER_ID;
  let mid = market.mid;
  let lastPrice: number | undefined;
  // Funding intents move the clock forward by hours, so runs cross funding times.
  let clock = 0;
  let lastSettled = 0;
  const header = () => {
    index++;
    return { commandId: `cmd-${index}`, time: START_TIME + index * 1000 + clock };
  };
  // The spec in force: status and fees change through UpdateSymbol.
  let current = spec;
  const update = (changes: Partial<typeof spec>): Planned => {
    current = { ...current, ...changes };
    return { command: { type: 'UpdateSymbol', ...header(), spec: current } };
  };
  const observe = (events: EngineEvent[]) => {
    for (const event of events) {
      if (event.type === 'Trade') lastPrice = event.price;
      if (event.type === 'FundingSettled') lastSettled = event.fundingTime;
    }
  };
  const trading = () => engine.instrument?.spec.status === 'TRADING';
  const openOrders = () => accounts.flatMap((a) => engine.openOrders(a));
  const accountAt = (i: number) => accounts[i % accounts.length]!;
  /** The reference price in ticks: the mark (rounded) once there is one, else the last trade, else the mid. */
  const reference = () => {
    const mark = engine.markPrice;
    return mark !== undefined ? Number(BigInt(mark) / market.unitsPerTick) : (lastPrice ?? mid);
  };
  /** Whether orders are measured against a reference yet (a mark or a last trade). */
  const hasReference = () => engine.markPrice !== undefined || lastPrice !== undefined;
  /** PERCENT_PRICE's limit for a side: at the mark once there is one, else at the last trade. */
  const bandLimit = (orderSide: Side): number => {
    const mark = engine.markPrice;
    if (mark !== undefined)
      return orderSide === 'BUY' ? markBandCeiling(market, mark) : markBandFloor(market, mark);
    return orderSide === 'BUY' ? bandCeiling(market, lastPrice!) : bandFloor(market, lastPrice!);
  };

  observe(yield { command: { type: 'ListSymbol', ...header(), spec } });

  let haltSteps = 0;
  for (const { intent, drift } of scenario.steps) {
    if (haltSteps > 0 && --haltSteps === 0 && !trading()) observe(yield update({ status: 'TRADING' }));
    // The mid wanders, pulled back toward the last trade so the book stays inside the price band.
    mid = Math.max(
      market.minPriceTicks + 50,
      (lastPrice === undefined ? mid : Math.round((3 * mid + lastPrice) / 4)) + drift,
    );
    const planned = planIntent(intent);
    if (planned !== undefined) observe(yield planned);
  }

  if (!scenario.closeOut) return;
  observe(yield update({ status: 'TRADING' }));
  for (const accountId of accounts) {
    observe(yield { command: { type: 'CancelAllOrders', ...header(), accountId } });
  }
  // Pair a long with a short until everyone is flat; each pair trades at the reference price.
  for (let round = 0; round < 100; round++) {
    const long = accounts.find((a) => engine.position(a).size > 0);
    const short = accounts.find((a) => engine.position(a).size < 0);
    if (long === undefined || short === undefined) break;
    const lots = Math.min(engine.position(long).size, -engine.position(short).size, market.maxQtyLots);
    const price = reference();
    observe(yield { command: limitOrder(short, 'BUY', 'GTC', price, lots) });
    observe(yield { command: limitOrder(long, 'SELL', 'IOC', price, lots) });
    if (engine.openOrders(short).length > 0) {
      observe(yield { command: { type: 'CancelAllOrders', ...header(), accountId: short } });
    }
  }

  function limitOrder(
    accountId: number,
    orderSide: Side,
    timeInForce: 'GTC' | 'IOC',
    price: number,
    quantity: number,
  ): EngineCommand {
    const orderId = nextOrderId++;
    return {
      type: 'PlaceOrder',
      ...header(),
      order: {
        orderId,
        accountId,
        clientOrderId: `o${orderId}`,
        side: orderSide,
        type: 'LIMIT',
        timeInForce,
        price,
        quantity,
        reduceOnly: false,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      },
    };
  }

  function planIntent(intent: Intent): Planned | undefined {
    switch (intent.kind) {
      case 'place':
        return planPlace(intent);
      case 'badPlace':
        return planBadPlace(intent);
      case 'cancel':
        return planCancel(intent);
      case 'cancelAll':
        return { command: { type: 'CancelAllOrders', ...header(), accountId: accountAt(intent.account) } };
      case 'amend':
        return planAmend(intent);
      case 'unreadable':
        return {
          command: {
            type: 'RejectInvalidCommand',
            ...header(),
            commandType: intent.commandType,
            accountId: accountAt(intent.account),
            orderId: null,
            clientOrderId: null,
            code: -1102,
            reason: "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.",
          },
          expectedCode: -1102,
        };
      case 'index':
        return planIndex(intent);
      case 'funding':
        return planFunding(intent);
      case 'status': {
        if (intent.to === 'changeTick') {
          return {
            command: { type: 'UpdateSymbol', ...header(), spec: { ...current, ...market.retick } },
            expectedCode: -1130,
          };
        }
        if (intent.to === 'relist') {
          return { command: { type: 'ListSymbol', ...header(), spec }, expectedCode: -1130 };
        }
        if (intent.to === 'changeFees') {
          const toggled = current.makerFeeRate === spec.makerFeeRate ? market.refee : spec;
          return update({
            makerFeeRate: toggled.makerFeeRate ?? spec.makerFeeRate,
            takerFeeRate: toggled.takerFeeRate ?? spec.takerFeeRate,
          });
        }
        // Halts are short, so most of a run trades.
        if (intent.to === 'HALT') {
          if (!trading()) return undefined;
          haltSteps = intent.steps;
        }
        return update({ status: intent.to });
      }
    }
  }

  function planIndex(intent: IndexIntent): Planned {
    const units = market.unitsPerTick;
    const base = (BigInt(mid) * units * BigInt(10_000 + intent.offset)) / 10_000n;
    const max = BigInt(market.maxPriceTicks) * units;
    const price = base + (BigInt(intent.fraction) % units);
    const clamped = price < units ? units : price > max ? max : price;
    const text = `${clamped / 100_000_000n}.${(clamped % 100_000_000n).toString().padStart(8, '0')}`;
    const { commandId, time } = header();
    return {
      command: {
        type: 'UpdateIndexPrice',
        commandId,
        // 999 ms back: the second of the command before.
        time: intent.sameSecond ? time - 999 : time,
        price: text,
        sources: [{ name: 'scenario', price: text }],
      },
    };
  }

  function planFunding(intent: FundingIntent): Planned {
    clock += intent.hours * 3_600_000;
    const { commandId, time } = header();
    const interval = 8 * 3_600_000;
    const latest = Math.floor(time / interval) * interval;
    const fundingTime = intent.again && lastSettled > 0 ? lastSettled : latest;
    const refused = fundingTime <= lastSettled || engine.markPrice === undefined;
    return {
      command: { type: 'SettleFunding', commandId, time, fundingTime },
      ...(refused && engine.instrument !== undefined ? { expectedCode: -1130 } : {}),
    };
  }

  function planPlace(intent: PlaceIntent): Planned {
    const accountId = accountAt(intent.account);
    const size = engine.position(accountId).size;
    const orderSide =
      intent.reduceOnly && intent.towardClose && size !== 0 ? (size > 0 ? 'SELL' : 'BUY') : intent.side;
    const isMarket = intent.flavor === 'MARKET';
    // Reduce-only orders crowd a few prices near the mid, or join one of the account's own, so that they
    // queue behind each other.
    // In a deep run limit orders keep a few more ticks from the mid.
    const offset = intent.reduceOnly
      ? (((intent.offset % 6) + 6) % 6) - 1
      : intent.offset + (scenario.profile === 'deep' ? 6 : 0);
    const own = engine.openOrders(accountId).filter((o) => o.reduceOnly && o.side === orderSide);
    const join =
      intent.reduceOnly && intent.joinOwn && own.length > 0
        ? own[Math.abs(intent.offset) % own.length]
        : undefined;
    const orderId = nextOrderId++;
    return {
      command: {
        type: 'PlaceOrder',
        ...header(),
        order: {
          orderId,
          accountId,
          clientOrderId: intent.clientId === null ? `o${orderId}` : `k${intent.clientId}`,
          side: orderSide,
          type: isMarket ? 'MARKET' : 'LIMIT',
          timeInForce: isMarket ? 'GTC' : intent.flavor,
          price: isMarket
            ? 0
            : (join?.price ?? Math.max(1, orderSide === 'BUY' ? mid - offset : mid + offset)),
          quantity: intent.qty,
          reduceOnly: intent.reduceOnly,
          selfTradePreventionMode: intent.stp,
        },
      },
    };
  }

  function planBadPlace(intent: BadPlaceIntent): Planned {
    const accountId = accountAt(intent.account);
    const ref = reference();
    let orderId = nextOrderId++;
    let clientOrderId = `o${orderId}`;
    let price = ref;
    let quantity = 1;
    let code: number | undefined;
    switch (intent.defect) {
      case 'zeroPrice':
        price = 0;
        code = -4001;
        break;
      case 'zeroQty':
        quantity = 0;
        code = -4003;
        break;
      case 'tooMuch':
        quantity = market.maxQtyLots + 1;
        code = -4005;
        break;
      case 'outsideBand':
        price = intent.side === 'BUY' ? ref * 2 : Math.max(market.minPriceTicks, Math.floor(ref / 3));
        if (
          hasReference() &&
          (intent.side === 'BUY' ? price > bandLimit('BUY') : price < bandLimit('SELL'))
        ) {
          code = intent.side === 'BUY' ? -4016 : -4024;
        }
        break;
      case 'tinyNotional': {
        // A BUY at the minimum price passes every filter before MIN_NOTIONAL (the band only caps buys). A short
        // account sends it reduce-only, which is exempt.
        const reduceOnly = engine.position(accountId).size < 0;
        const command = placeCommand(accountId, 'BUY', orderId, clientOrderId, market.minPriceTicks, 1);
        if (reduceOnly) return { command: { ...command, order: { ...command.order, reduceOnly } } };
        return { command, ...(trading() ? { expectedCode: -4164 } : {}) };
      }
      case 'bandEdge': {
        // Exactly at the PERCENT_PRICE limit (accepted) or one tick beyond it (refused).
        const beyond = intent.pick % 2;
        if (!hasReference()) break;
        price = intent.side === 'BUY' ? bandLimit('BUY') + beyond : bandLimit('SELL') - beyond;
        if (beyond === 1) code = intent.side === 'BUY' ? -4016 : -4024;
        break;
      }
      case 'duplicateOrderId': {
        const open = openOrders();
        if (open.length > 0) {
          orderId = open[intent.pick % open.length]!.orderId;
          code = -2010;
        }
        break;
      }
      case 'duplicateClientId': {
        const own = engine.openOrders(accountId);
        if (own.length > 0) {
          clientOrderId = own[intent.pick % own.length]!.clientOrderId;
          code = -4116;
        }
        break;
      }
    }
    const expectedCode = trading() ? code : -1122;
    return {
      command: placeCommand(accountId, intent.side, orderId, clientOrderId, price, quantity),
      ...(expectedCode === undefined ? {} : { expectedCode }),
    };
  }

  function placeCommand(
    accountId: number,
    orderSide: Side,
    orderId: number,
    clientOrderId: string,
    price: number,
    quantity: number,
  ): PlaceOrder {
    return {
      type: 'PlaceOrder',
      ...header(),
      order: {
        orderId,
        accountId,
        clientOrderId,
        side: orderSide,
        type: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity,
        reduceOnly: false,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      },
    };
  }

  function planCancel(intent: CancelIntent): Planned {
    const open = openOrders();
    const target = open.length > 0 ? open[intent.pick % open.length] : undefined;
    const fallback = accountAt(intent.account);
    switch (intent.how) {
      case 'id':
        if (target !== undefined) {
          return {
            command: {
              type: 'CancelOrder',
              ...header(),
              accountId: target.accountId,
              orderId: target.orderId,
            },
          };
        }
        break;
      case 'clientId':
        if (target !== undefined) {
          return {
            command: {
              type: 'CancelOrder',
              ...header(),
              accountId: target.accountId,
              clientOrderId: target.clientOrderId,
            },
          };
        }
        break;
      case 'othersOrder':
        if (target !== undefined) {
          const other = accounts.find((a) => a !== target.accountId)!;
          return {
            command: { type: 'CancelOrder', ...header(), accountId: other, orderId: target.orderId },
            expectedCode: -2011,
          };
        }
        break;
      case 'unknownClientId':
        return {
          command: { type: 'CancelOrder', ...header(), accountId: fallback, clientOrderId: 'never-used' },
          expectedCode: -2011,
        };
      case 'unknownId':
        break;
    }
    return {
      command: { type: 'CancelOrder', ...header(), accountId: fallback, orderId: UNKNOWN_ORDER_ID },
      expectedCode: -2011,
    };
  }

  function planAmend(intent: AmendIntent): Planned {
    const open = openOrders();
    const withFills = open.filter((o) => o.filled > 0);
    const reduceOnly = open.filter((o) => o.reduceOnly);
    const pool =
      intent.how === 'toFilled' && withFills.length > 0
        ? withFills
        : intent.reduceOnlyFirst && reduceOnly.length > 0
          ? reduceOnly
          : open;
    const target = pool.length > 0 ? pool[intent.pick % pool.length] : undefined;
    const halted = !trading();
    if (target === undefined || intent.how === 'unknown') {
      return {
        command: {
          type: 'AmendOrder',
          ...header(),
          accountId: accountAt(intent.pick),
          orderId: UNKNOWN_ORDER_ID,
          side: 'BUY',
          price: mid,
          quantity: 1,
        },
        expectedCode: halted ? -5024 : -2013,
      };
    }
    const total = target.filled + target.remaining;
    const away = target.side === 'BUY' ? -1 : 1;
    const accountId = target.accountId;
    let { side: amendSide, price } = target;
    let quantity = total;
    let code: number | undefined;
    switch (intent.how) {
      case 'decrease':
        quantity = Math.max(1, total - 1 - (intent.delta % Math.max(1, target.remaining)));
        break;
      case 'increase':
        quantity = total + 1 + (intent.delta % 5);
        break;
      case 'reprice':
        price = Math.max(1, price + away * (1 + (intent.delta % 6)));
        break;
      case 'repriceAndResize':
        price = Math.max(1, price + away * ((intent.delta % 7) - 3));
        quantity = Math.max(1, total + (intent.delta % 5) - 2);
        break;
      case 'cross': {
        // Through the book, often with a new quantity; a reduce-only order grows past its position (an amendment
        // does not cut it, so matching must cap its fills).
        const opposite = engine.bestPrice(target.side === 'BUY' ? 'SELL' : 'BUY');
        price = Math.max(1, (opposite ?? price) - away * (intent.delta % 3));
        quantity = target.reduceOnly ? total + 1 + intent.delta : Math.max(1, total + (intent.delta % 9) - 2);
        break;
      }
      case 'toFilled':
        quantity = Math.max(1, target.filled - (intent.delta % Math.max(1, target.filled)));
        break;
      case 'noop':
        if (!hasReference() || withinBand(target.side, price)) code = -5027;
        break;
      case 'wrongSide':
        amendSide = target.side === 'BUY' ? 'SELL' : 'BUY';
        code = -1130;
        break;
      case 'othersOrder':
        // By order id: the other account may well have an open order with the same client order id.
        return {
          command: {
            type: 'AmendOrder',
            ...header(),
            accountId: accounts.find((a) => a !== target.accountId)!,
            orderId: target.orderId,
            side: target.side,
            price,
            quantity: quantity + 1,
          },
          expectedCode: halted ? -5024 : -2013,
        };
      case 'zeroPrice':
        price = 0;
        code = -4001;
        break;
    }
    const ref = intent.byClientId ? { clientOrderId: target.clientOrderId } : { orderId: target.orderId };
    const expectedCode = halted ? -5024 : code;
    return {
      command: { type: 'AmendOrder', ...header(), accountId, ...ref, side: amendSide, price, quantity },
      ...(expectedCode === undefined ? {} : { expectedCode }),
    };
  }

  function withinBand(orderSide: Side, price: number): boolean {
    return orderSide === 'BUY' ? price <= bandLimit('BUY') : price >= bandLimit('SELL');
  }
}
