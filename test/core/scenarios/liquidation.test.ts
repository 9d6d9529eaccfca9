import { openedAccount } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { freezeForLiquidation, reserveMargin, unfreeze } from '../../../core/accounts/decideAccount';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { ledgerOf } from '../../../core/accounts/ledger';
import { accountsConcerned, settleSymbolEvents } from '../../../core/accounts/settlement';
import type { Liquidated } from '../../../core/engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../../../core/engine/state';
import { compileInstrument } from '../../../core/symbol/instrument';
import { A, B, C, given, indexPrice, limit, liquidation, settleFunding } from '../support/scenario';
import { TESTUSDT } from '../support/specs';

/**
 * The Liquidate command in the symbol's engine, on TESTUSDT (tick 1 USDT, step 1, taker fee 0.05 %, liquidation
 * fee 1.25 % by default). Money in 10^-8 USDT. The bankruptcy price comes on the command (core/risk computes it).
 */
const USDT = 100_000_000;
const D = 4;
const T0 = 1_700_006_400_000;
/** A funding time (8-hourly) after T0. */
const FUNDING_TIME = T0 + 8 * 3_600_000;

/** A long 10 @ 100 against B's short 10. */
const openedAt100 = () => [
  limit({ id: 1, account: B, side: 'SELL', price: 100, qty: 10 }),
  limit({ id: 2, account: A, side: 'BUY', price: 100, qty: 10 }),
];

describe('a liquidation order', () => {
  it('is an IOC at the bankruptcy price with an autoclose- client id, fee-free, trading against the book', () => {
    given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 10 }))
      .when(liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 10 }))
      .thenEvents([
        {
          type: 'OrderAccepted',
          order: {
            orderId: 9,
            clientOrderId: 'autoclose-9',
            type: 'LIMIT',
            timeInForce: 'IOC',
            price: 92,
            reduceOnly: true,
          },
        },
        { type: 'Trade', price: 95, quantity: 10, taker: { accountId: A, fee: 0, realizedPnl: -50 * USDT } },
        { type: 'Liquidated', accountId: A, filledQuantity: 10, filledNotional: 950 * USDT },
      ]);
  });

  it('filled better than bankruptcy: the liquidation fee (1.25 % of 950 = 11.875) goes to the fund', () => {
    const scenario = given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 10 }));
    scenario.when(liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 10 })).thenEvents([
      { type: 'OrderAccepted' },
      { type: 'Trade' },
      {
        type: 'Liquidated',
        liquidationFee: 1_187_500_000,
        insuranceBalance: 1_187_500_000,
        unfilledQuantity: 0,
      },
    ]);
    expect(scenario.engine.insuranceBalance).toBe(1_187_500_000n);
  });

  it('the fee never exceeds what the fills beat bankruptcy by (95 vs 94: 10 USDT, not 11.875)', () => {
    given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 10 }))
      .when(liquidation({ id: 9, account: A, side: 'SELL', price: 94, qty: 10 }))
      .thenEvents([{}, {}, { type: 'Liquidated', liquidationFee: 10 * USDT, insuranceBalance: 10 * USDT }]);
  });

  it('a partial fill expires its rest; the fund takes it over at the bankruptcy price (INSURANCE_CLEAR)', () => {
    const scenario = given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 4 }));
    scenario.when(liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 10 })).thenEvents([
      { type: 'OrderAccepted' },
      { type: 'Trade', quantity: 4 },
      { type: 'OrderExpired', orderId: 9, quantity: 6, reason: 'IOC' },
      {
        type: 'PositionTransferred',
        reason: 'INSURANCE_CLEAR',
        price: 92,
        quantity: 6,
        liquidated: { accountId: A, realizedPnl: -48 * USDT, position: { size: 0 } },
        counterparty: { accountId: INSURANCE_FUND_ACCOUNT, position: { size: 6, entryNotional: 552 * USDT } },
      },
      // 4 × 95 = 380 beats 4 × 92 = 368 by 12; 1.25 % of 380 = 4.75.
      { type: 'Liquidated', filledQuantity: 4, insuranceQuantity: 6, liquidationFee: 475_000_000 },
    ]);
    expect(scenario.engine.position(INSURANCE_FUND_ACCOUNT)).toMatchObject({ size: 6 });
  });

  it('unfilled and the fund cannot bear it: ADL against the queue, the highest ranked first, then the next', () => {
    // B short 10 and D short 5; A and C long. The mark rises to 110 past B's bankruptcy 105, with an empty fund.
    const scenario = given(
      ...openedAt100(),
      limit({ id: 3, account: D, side: 'SELL', price: 100, qty: 5 }),
      limit({ id: 4, account: C, side: 'BUY', price: 100, qty: 5 }),
      indexPrice('110', T0),
    );
    scenario
      .when(liquidation({ id: 9, account: B, side: 'BUY', price: 105, qty: 10, adlQueue: [C, A] }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', quantity: 10 },
        {
          type: 'PositionTransferred',
          reason: 'ADL',
          quantity: 5,
          liquidated: { accountId: B, position: { size: -5 } },
          counterparty: { accountId: C, realizedPnl: 25 * USDT, position: { size: 0 } },
        },
        {
          type: 'PositionTransferred',
          reason: 'ADL',
          quantity: 5,
          liquidated: { accountId: B, realizedPnl: -25 * USDT, position: { size: 0 } },
          counterparty: { accountId: A, realizedPnl: 25 * USDT, position: { size: 5 } },
        },
        { type: 'Liquidated', adlQuantity: 10, insuranceQuantity: 0, unfilledQuantity: 0, liquidationFee: 0 },
      ]);
  });

  it("past its queue, the engine deleverages the symbol's other opposite positions, the most profitable first", () => {
    // B short 10 @ 100 against A (long 7 @ 100) and C (long 3 @ 90): the queue from B's risk shard names only D,
    // who is flat (another shard's accounts are not in it). At mark 110 C's PnL is 60/270 = 22 %, A's 70/700 = 10 %:
    // C goes first, then A, and nothing stays open.
    const scenario = given(
      limit({ id: 1, account: B, side: 'SELL', price: 90, qty: 3 }),
      limit({ id: 2, account: C, side: 'BUY', price: 90, qty: 3 }),
      limit({ id: 3, account: B, side: 'SELL', price: 100, qty: 7 }),
      limit({ id: 4, account: A, side: 'BUY', price: 100, qty: 7 }),
      indexPrice('110', T0),
    );
    scenario
      .when(liquidation({ id: 9, account: B, side: 'BUY', price: 105, qty: 10, adlQueue: [D] }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired', quantity: 10 },
        {
          type: 'PositionTransferred',
          reason: 'ADL',
          quantity: 3,
          counterparty: { accountId: C, position: { size: 0 } },
        },
        {
          type: 'PositionTransferred',
          reason: 'ADL',
          quantity: 7,
          counterparty: { accountId: A, position: { size: 0 } },
        },
        { type: 'Liquidated', adlQuantity: 10, unfilledQuantity: 0 },
      ]);
    expect(scenario.engine.position(B)).toMatchObject({ size: 0 });
  });

  it('the queue goes first even where the engine would rank otherwise; the rest follows by PnL %', () => {
    // Same positions; the risk service ranked A first (it knows A's balance makes A the more leveraged).
    given(
      limit({ id: 1, account: B, side: 'SELL', price: 90, qty: 3 }),
      limit({ id: 2, account: C, side: 'BUY', price: 90, qty: 3 }),
      limit({ id: 3, account: B, side: 'SELL', price: 100, qty: 7 }),
      limit({ id: 4, account: A, side: 'BUY', price: 100, qty: 7 }),
      indexPrice('110', T0),
    )
      .when(liquidation({ id: 9, account: B, side: 'BUY', price: 105, qty: 10, adlQueue: [A] }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired' },
        { type: 'PositionTransferred', reason: 'ADL', quantity: 7, counterparty: { accountId: A } },
        { type: 'PositionTransferred', reason: 'ADL', quantity: 3, counterparty: { accountId: C } },
        { type: 'Liquidated', adlQuantity: 10, unfilledQuantity: 0 },
      ]);
  });

  it('only when the fund alone holds the other side and cannot bear it does the remainder stay open', () => {
    // A long 10 against B short 10; the fund took A's position over at 110 (mark 112). At mark 130 the fund's
    // equity is its long's 200, short of the 250 that B's short, bankrupt at 105, loses at the mark; no account
    // but the fund holds a long, and the fund is never deleveraged: reported unfilled, for the next mark.
    const scenario = given(
      ...openedAt100(),
      indexPrice('112', T0),
      liquidation({ id: 8, account: A, side: 'SELL', price: 110, qty: 10 }),
      indexPrice('130', T0 + 1000),
    );
    expect(scenario.engine.position(INSURANCE_FUND_ACCOUNT)).toMatchObject({ size: 10 });
    scenario
      .when(liquidation({ id: 9, account: B, side: 'BUY', price: 105, qty: 10, adlQueue: [] }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired' },
        { type: 'Liquidated', unfilledQuantity: 10 },
      ]);
  });

  it('closes at most the position, and is rejected without one (-2022) or with an order id in use', () => {
    given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 20 }))
      .when(liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 15 }))
      .thenEvents([
        { type: 'OrderAccepted', order: { quantity: 10 } },
        { type: 'Trade', quantity: 10 },
        { type: 'Liquidated' },
      ]);
    given(...openedAt100())
      .when(liquidation({ id: 9, account: A, side: 'BUY', price: 92, qty: 10 }))
      .thenEvents([{ type: 'CommandRejected', command: 'Liquidate', code: -2022 }]);
    given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 20 }))
      .when(liquidation({ id: 3, account: A, side: 'SELL', price: 92, qty: 10 }))
      .thenEvents([{ type: 'CommandRejected', code: -2010 }]);
  });
});

describe('the insurance fund as an account of the engine', () => {
  /** A long 10 @ 100 (against B short 10), taken over by the fund at 96 with the mark at 100: the fund is long. */
  const fundLongAt96 = () =>
    given(
      ...openedAt100(),
      indexPrice('100', T0),
      liquidation({ id: 8, account: A, side: 'SELL', price: 96, qty: 10 }),
    );

  it('decides a takeover by its equity: fees, what its positions realized, and their PnL at the mark', () => {
    // The fund is long 10 from 96 and has no fees. At 130, B's short, bankrupt at 125, loses 50 at the mark:
    // fees alone (0) could not bear it, the fund's long (+340) can; taking it over closes the fund's long.
    const scenario = fundLongAt96();
    scenario.when(indexPrice('130', T0 + 1000));
    scenario
      .when(liquidation({ id: 9, account: B, side: 'BUY', price: 125, qty: 10, adlQueue: [] }))
      .thenEvents([
        { type: 'OrderAccepted' },
        { type: 'OrderExpired' },
        {
          type: 'PositionTransferred',
          reason: 'INSURANCE_CLEAR',
          quantity: 10,
          counterparty: { accountId: INSURANCE_FUND_ACCOUNT, realizedPnl: 290 * USDT, position: { size: 0 } },
        },
        { type: 'Liquidated', insuranceQuantity: 10, unfilledQuantity: 0 },
      ]);
  });

  it("a mark that leaves its equity below zero deleverages its position at the fund's bankruptcy price", () => {
    // At 90 the fund's long from 96 is 60 under water with nothing to pay it from: B's short, the only one,
    // buys it back at 96 (where the fund's equity is zero), realizing +40; the fund is flat and owes nothing.
    const scenario = fundLongAt96();
    scenario.when(indexPrice('90', T0 + 1000)).thenEvents([
      { type: 'MarkPriceUpdated' },
      {
        type: 'PositionTransferred',
        reason: 'ADL',
        orderId: 0,
        side: 'SELL',
        price: 96,
        quantity: 10,
        liquidated: { accountId: INSURANCE_FUND_ACCOUNT, realizedPnl: 0, position: { size: 0 } },
        counterparty: { accountId: B, realizedPnl: 40 * USDT, position: { size: 0 } },
      },
    ]);
    expect(scenario.engine.position(INSURANCE_FUND_ACCOUNT)).toMatchObject({ size: 0 });
  });

  it('a mark that leaves its equity at or above zero leaves its position alone', () => {
    fundLongAt96()
      .when(indexPrice('97', T0 + 1000))
      .thenEvents([{ type: 'MarkPriceUpdated' }]);
  });

  it('pays and receives funding from and into its balance, like any position holder', () => {
    // The fund long 10 at mark 100 and rate 0.01 % pays 10 × 100 × 0.0001 = 0.1 USDT; B, short, receives it.
    const scenario = fundLongAt96();
    scenario.when(indexPrice('100', FUNDING_TIME - 10_000));
    scenario.when(settleFunding(FUNDING_TIME, FUNDING_TIME + 100)).thenEvents([
      { type: 'FundingSettled' },
      {
        type: 'FundingPaid',
        payments: [
          [INSURANCE_FUND_ACCOUNT, -10_000_000],
          [B, 10_000_000],
        ],
      },
    ]);
    expect(scenario.engine.insuranceBalance).toBe(-10_000_000n);
  });
});

describe('accounts settle a liquidation', () => {
  it('the fills’ PnL and the liquidation fee (income INSURANCE_CLEAR) leave the wallet; a takeover realizes PnL', () => {
    const scenario = given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 4 }));
    const events = [
      ...scenario.engine.execute(liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 10 })),
    ];
    const settled = settleSymbolEvents(openedAccount(A), 'TESTUSDT', events);
    const liquidated = events.at(-1) as Liquidated;
    // 4 × (95 − 100) on the book, 6 × (92 − 100) to the fund: −68 USDT realized; 4.75 USDT of liquidation fee.
    expect(settled).toMatchObject({
      changes: {
        realizedPnl: -6_800_000_000n,
        fees: 0n,
        walletDelta: -6_800_000_000n - 475_000_000n,
        position: { size: 0 },
        liquidationFees: [{ amount: 475_000_000n, orderId: 9, seq: liquidated.seq }],
      },
    });
    // The fund took 6 over, but it is the engine's account, not the accounts table's: settlement leaves it out.
    expect(accountsConcerned(events)).toEqual([A, C]);
  });
});

describe('a frozen account', () => {
  it('takes no new orders (-2019) until it is unfrozen', () => {
    const funded = evolveAccount(openedAccount(A), {
      type: 'CollateralDeposited',
      amount: 1_000n * 100_000_000n,
      reference: 'd',
    });
    const btcLike = compileInstrument(TESTUSDT);
    const order = { orderId: 1, symbol: 'TESTUSDT', amount: 100_000_000n, openLots: 1, side: 'BUY' as const };
    const instruments = { get: () => btcLike };
    const frozen = evolveAccount(
      funded,
      (freezeForLiquidation(funded, T0) as { events: AccountEvent[] }).events[0]!,
    );
    expect(frozen.frozen).toBe(true);
    expect(freezeForLiquidation(frozen, T0)).toEqual({ events: [] });
    expect(reserveMargin(frozen, order, instruments, () => undefined)).toEqual({
      rejection: { code: -2019, msg: expect.stringContaining('being liquidated') },
    });
    const thawed = evolveAccount(frozen, (unfreeze(frozen, T0) as { events: AccountEvent[] }).events[0]!);
    expect(reserveMargin(thawed, order, instruments, () => undefined)).toMatchObject({
      events: [{ type: 'MarginReserved' }],
    });
  });

  it('its ledger shows the liquidation fee as INSURANCE_CLEAR and a takeover as realized PnL', () => {
    const scenario = given(...openedAt100(), limit({ id: 3, account: C, side: 'BUY', price: 95, qty: 4 }));
    const events = scenario.engine.execute(
      liquidation({ id: 9, account: A, side: 'SELL', price: 92, qty: 10 }),
    );
    const settled = settleSymbolEvents(openedAccount(A), 'TESTUSDT', events)!;
    const entries = ledgerOf([{ version: 1, event: settled, time: T0 }]);
    expect(entries.map((e) => [e.incomeType, e.amount])).toEqual([
      ['REALIZED_PNL', -2_000_000_000n],
      ['REALIZED_PNL', -4_800_000_000n],
      ['INSURANCE_CLEAR', -475_000_000n],
    ]);
  });
});
