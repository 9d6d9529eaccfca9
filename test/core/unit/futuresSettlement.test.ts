import { openedAccount } from '../../../core/accounts/account';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { marginSummary } from '../../../core/accounts/margin';
import { accountsToSettle, fundingPaymentOf, settleSymbolEvents } from '../../../core/accounts/settlement';
import { eventsFromJson, eventsToJson } from '../../../core/engine/eventCodec';
import type { EngineEvent, FundingPaid } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { FUNDING_PAYMENTS_PER_EVENT } from '../../../core/engine/settleFunding';
import { positionRisk } from '../../../core/projections/positionRisk';
import { compileInstrument } from '../../../core/symbol/instrument';
import { markPrice } from '../../../core/symbol/valuation';
import { A, B, given, indexPrice, limit, listSymbol, settleFunding } from '../support/scenario';
import { BTCUSDT, TESTUSDT } from '../support/specs';

const T0 = 1_700_006_400_000;
const USDT = 100_000_000n;

describe('a settlement of many positions', () => {
  test(`comes in FundingPaid events of at most ${FUNDING_PAYMENTS_PER_EVENT} payments, ascending by account`, () => {
    const spec = { ...TESTUSDT, maxNumOrders: 10 };
    const engine = MatchingEngine.create(spec.symbol);
    engine.execute(listSymbol(spec));
    const seller = 1;
    for (const [id, qty] of [
      [1, 1000],
      [2, 1000],
      [3, 500],
    ] as const) {
      engine.execute(limit({ id, account: seller, side: 'SELL', price: 100, qty }));
    }
    for (let account = 2; account <= 2_501; account++) {
      engine.execute(limit({ id: 100 + account, account, side: 'BUY', price: 100, qty: 1 }));
    }
    engine.execute(indexPrice('100', T0 - 1_000));
    const events = engine.execute(settleFunding(T0, T0 + 1));
    const paid = events.filter((e): e is FundingPaid => e.type === 'FundingPaid');
    expect(events[0]).toMatchObject({
      type: 'FundingSettled',
      payers: 2_500,
      receivers: 1,
      paymentEvents: 3,
    });
    expect(paid.map((e) => e.payments.length)).toEqual([1000, 1000, 501]);
    const ids = paid.flatMap((e) => e.payments.map(([id]) => id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // 100 × 0.01 % = 0.01 USDT per lot: each long pays 1,000,000 units, the short receives all of it.
    const amounts = paid.flatMap((e) => e.payments.map(([, amount]) => BigInt(amount)));
    expect(amounts.reduce((sum, amount) => sum + amount, 0n)).toBe(0n);
    expect(fundingPaymentOf(paid[0]!, seller)).toBe(2_500_000_000n);
    expect(fundingPaymentOf(paid[2]!, 2_501)).toBe(-1_000_000n);
    expect(fundingPaymentOf(paid[1]!, 2_501)).toBeUndefined();
  });
});

describe('accounts settle funding like fills', () => {
  /** A long 2 and B short 2 at 100, marked at 100.12345678 and settled at 0.01 %. */
  function settled() {
    const scenario = given(
      limit({ id: 1, account: B, side: 'SELL', price: 100, qty: 2 }),
      limit({ id: 2, account: A, side: 'BUY', price: 100, qty: 2 }),
    );
    scenario.when(indexPrice('100.12345678', T0 - 1_000));
    const outcome = scenario.when(settleFunding(T0, T0 + 5));
    return outcome.events;
  }

  test('into the wallet, with a FUNDING_FEE record (amount, funding time, time, seq) for income history', () => {
    const events = settled();
    const paid = events[1] as FundingPaid;
    const account = evolveAccount(openedAccount(A), {
      type: 'CollateralDeposited',
      amount: 1_000n * USDT,
      reference: 'd',
    });
    const change = settleSymbolEvents(account, 'TESTUSDT', events);
    // 2 × 100.12345678 × 0.0001 = 0.020024691356 USDT → 2,002,469 (rounded total of both sides).
    expect(change).toEqual({
      type: 'SymbolEventsSettled',
      symbol: 'TESTUSDT',
      seq: paid.seq,
      changes: {
        walletDelta: -2_002_469n,
        realizedPnl: 0n,
        fees: 0n,
        position: null,
        reservations: {},
        fundingFees: [{ amount: -2_002_469n, fundingTime: T0, time: T0 + 5, seq: paid.seq }],
      },
    });
    const after = evolveAccount(account, change!);
    expect(after.walletBalance).toBe(1_000n * USDT - 2_002_469n);
    expect(after.settledSeq.TESTUSDT).toBe(paid.seq);
    // Settling the same events again changes nothing: the account's settled sequence covers them.
    expect(settleSymbolEvents(after, 'TESTUSDT', events)).toBeUndefined();
  });

  test('the receiving side gets exactly what the paying side paid', () => {
    const events = settled();
    const delta = (accountId: number) => {
      const change = settleSymbolEvents(openedAccount(accountId), 'TESTUSDT', events);
      return change?.type === 'SymbolEventsSettled' ? change.changes.walletDelta : 0n;
    };
    expect(delta(A) + delta(B)).toBe(0n);
    expect(delta(B)).toBe(2_002_469n);
  });

  test('the accounts a settlement concerns are those paid or paying', () => {
    const events = settled();
    expect(accountsToSettle(events[0]!)).toEqual([]);
    expect(accountsToSettle(events[1]!)).toEqual([A, B]);
  });
});

describe('events round-trip through JSON, money in funding events included', () => {
  test('a bigint payment and total come back as bigints, safe ones as numbers', () => {
    const huge = 2n ** 60n;
    const events: EngineEvent[] = [
      {
        type: 'FundingSettled',
        seq: 7,
        time: T0,
        commandId: 'c',
        fundingTime: T0,
        fundingRate: 10_000,
        markPrice: 10_000_000_000,
        indexPrice: 10_000_000_000,
        payers: 1,
        receivers: 1,
        total: huge,
        paymentEvents: 1,
      },
      {
        type: 'FundingPaid',
        seq: 8,
        time: T0,
        commandId: 'c',
        fundingTime: T0,
        payments: [
          [1, -huge],
          [2, 5],
        ],
      },
    ];
    expect(eventsFromJson(eventsToJson(events))).toEqual(events);
  });
});

describe('snapshots', () => {
  test('format 1 (taken before futures existed) restores, with no mark', () => {
    const { engine } = given(limit({ id: 1, account: A, side: 'BUY', price: 99, qty: 5 }));
    const { futures, ...rest } = engine.snapshot();
    expect(futures).toBeNull();
    const restored = MatchingEngine.restore({ ...rest, format: 1 });
    expect(restored.stateHash()).toBe(engine.stateHash());
    expect(restored.markPrice).toBeUndefined();
  });

  test('format 2 keeps the mark, its samples and the funding state', () => {
    const scenario = given(
      limit({ id: 1, account: B, side: 'SELL', price: 103, qty: 50 }),
      limit({ id: 2, account: A, side: 'BUY', price: 99, qty: 50 }),
    );
    scenario.when(indexPrice('100', T0 - 2_000));
    scenario.when(indexPrice('100.5', T0 - 1_000));
    scenario.when(settleFunding(T0, T0));
    scenario.when(indexPrice('101', T0 + 1_000));
    const snapshot = scenario.engine.snapshot();
    expect(snapshot.futures).toMatchObject({
      indexPrice: 10_100_000_000,
      lastFundingTime: T0,
      lastFundingRate: 10_000,
      basis: [
        [Math.floor((T0 - 2_000) / 1000), 100_000_000],
        [Math.floor((T0 - 1_000) / 1000), 50_000_000],
        [Math.floor((T0 + 1_000) / 1000), 0],
      ],
      premiums: { fundingTime: T0 + 8 * 3_600_000, count: 1 },
    });
    const restored = MatchingEngine.restore(scenario.engine.encodedSnapshot());
    const next = indexPrice('100.7', T0 + 2_000);
    expect(restored.execute(next)).toEqual(scenario.engine.execute(next));
    expect(restored.stateHash()).toBe(scenario.engine.stateHash());
  });
});

describe('margin and PnL at a mark finer than the tick', () => {
  const btc = compileInstrument(BTCUSDT); // 0.001 BTC lots
  const entry = 650_000n * 1_000n * 10_000n; // 1 BTC at 65,000.0

  test('a long is valued down and a short up: unrealized PnL is never overstated', () => {
    const mark = markPrice(6_500_012_345_678); // 65,000.12345678
    const long = positionRisk({ size: 1, entryNotional: 65n * USDT, realizedPnl: 0n }, btc, mark, 20);
    // 0.001 × 65,000.12345678 = 65.00012345678 → 65.00012345 for the long, 65.00012346 for a short.
    expect(long.notional).toBe(6_500_012_345n);
    expect(long.unrealizedPnl).toBe(12_345n);
    const short = positionRisk({ size: -1, entryNotional: 65n * USDT, realizedPnl: 0n }, btc, mark, 20);
    expect(short.notional).toBe(-6_500_012_346n);
    expect(short.unrealizedPnl).toBe(-12_346n);
  });

  test('a mark on a tick values exactly as the tick price does', () => {
    const atTick = positionRisk({ size: 1_000, entryNotional: entry, realizedPnl: 0n }, btc, 660_000, 20);
    const atMark = positionRisk(
      { size: 1_000, entryNotional: entry, realizedPnl: 0n },
      btc,
      markPrice(660_000 * btc.unitsPerTick),
      20,
    );
    expect(atMark).toEqual(atTick);
  });

  test('the account summary takes marks', () => {
    const account = {
      ...evolveAccount(openedAccount(A), {
        type: 'CollateralDeposited',
        amount: 1_000n * USDT,
        reference: 'd',
      }),
      positions: { BTCUSDT: { size: 1_000, entryNotional: entry, realizedPnl: 0n } },
    };
    const summary = marginSummary(account, { get: () => btc }, () => markPrice(6_600_000_000_000));
    expect(summary.unrealizedPnl).toBe(1_000n * USDT);
    expect(summary.positionInitialMargin).toBe(3_300n * USDT); // 66,000 / 20
  });
});
