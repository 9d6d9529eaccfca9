// Accounts specified from events: given an account's history, when a decision is asked of it, then these events
// (or the contract's refusal, which changes nothing).

import { SYMBOL_PRESETS } from '../../../bin/symbolPresets';
import { deposit, reserveMargin, setLeverage, withdraw } from '../../../core/accounts/decideAccount';
import { compileInstrument } from '../../../core/symbol/instrument';
import { markPrice } from '../../../core/symbol/valuation';
import { ACCOUNT, givenAccount } from '../support/accountSpec';
import { TESTUSDT } from '../support/specs';

const USDT = 100_000_000n;
const instrument = compileInstrument(TESTUSDT);
const instruments = { get: (symbol: string) => (symbol === TESTUSDT.symbol ? instrument : undefined) };
const noMarks = () => undefined;

describe('collateral', () => {
  test('a deposit adds to the wallet; a non-positive amount is -1130', () => {
    const outcome = givenAccount()
      .when((s) => deposit(s, 5n * USDT, 'wire'))
      .thenEvents([{ type: 'CollateralDeposited', amount: 5n * USDT, reference: 'wire' }]);
    expect(outcome.state.walletBalance).toBe(5n * USDT);
    givenAccount()
      .when((s) => deposit(s, 0n, 'nothing'))
      .thenRejects({ code: -1130 });
  });

  test('a withdrawal takes only what is available: reserved margin stays (-2018 beyond)', () => {
    const history = [
      { type: 'CollateralDeposited', amount: 100n * USDT, reference: 'in' },
      { type: 'MarginReserved', orderId: 9, symbol: TESTUSDT.symbol, amount: 30n * USDT, openLots: 3 },
    ] as const;
    givenAccount(...history)
      .when((s) => withdraw(s, 71n * USDT, 'out', instruments, noMarks))
      .thenRejects({ code: -2018, msg: 'Balance is insufficient.' });
    givenAccount(...history)
      .when((s) => withdraw(s, 70n * USDT, 'out', instruments, noMarks))
      .thenEvents([{ type: 'CollateralWithdrawn', amount: 70n * USDT }]);
  });

  test('after settlement released the reservation, all of it may go', () => {
    givenAccount(
      { type: 'CollateralDeposited', amount: 100n * USDT, reference: 'in' },
      { type: 'MarginReserved', orderId: 9, symbol: TESTUSDT.symbol, amount: 30n * USDT, openLots: 3 },
      {
        type: 'SymbolEventsSettled',
        symbol: TESTUSDT.symbol,
        seq: 4,
        changes: { walletDelta: 0n, realizedPnl: 0n, fees: 0n, position: null, reservations: { '9': null } },
      },
    )
      .when((s) => withdraw(s, 100n * USDT, 'all', instruments, noMarks))
      .thenEvents([{ type: 'CollateralWithdrawn', amount: 100n * USDT }]);
  });
});

describe("the wallet's updateTime (what /account and /balance answer, and ccxt needs to show the asset)", () => {
  test('is 0 until the wallet first changes, then the time of the last deposit, withdrawal or settled fill', () => {
    expect(givenAccount().when(() => ({ events: [] })).state.updateTime).toBe(0);
    const deposited = givenAccount()
      .when((s) => deposit(s, 5n * USDT, 'wire', 1_700_000_000_000))
      .thenEvents([{ type: 'CollateralDeposited', amount: 5n * USDT, time: 1_700_000_000_000 }]);
    expect(deposited.state.updateTime).toBe(1_700_000_000_000);
    const settled = givenAccount(
      { type: 'CollateralDeposited', amount: 100n * USDT, reference: 'in', time: 1_000 },
      {
        type: 'SymbolEventsSettled',
        symbol: TESTUSDT.symbol,
        seq: 4,
        changes: {
          walletDelta: -3n,
          realizedPnl: 0n,
          fees: 3n,
          position: null,
          reservations: {},
          fills: [{ tradeId: 1, orderId: 9, realizedPnl: 0n, fee: 3n, time: 2_000, seq: 4 }],
        },
      },
      // A settlement without fills or funding (a cancel's release) leaves the wallet, and its time, alone.
      {
        type: 'SymbolEventsSettled',
        symbol: TESTUSDT.symbol,
        seq: 6,
        changes: { walletDelta: 0n, realizedPnl: 0n, fees: 0n, position: null, reservations: {} },
      },
    ).when(() => ({ events: [] }));
    expect(settled.state.updateTime).toBe(2_000);
  });
});

describe('margin reservations', () => {
  test('an order that fits the available balance reserves its margin; one that does not is -2019', () => {
    givenAccount({ type: 'CollateralDeposited', amount: 10n * USDT, reference: 'in' })
      .when((s) =>
        reserveMargin(
          s,
          { orderId: 1, symbol: 'TESTUSDT', amount: 10n * USDT, openLots: 1 },
          instruments,
          noMarks,
        ),
      )
      .thenEvents([{ type: 'MarginReserved', orderId: 1, amount: 10n * USDT, openLots: 1 }]);
    givenAccount({ type: 'CollateralDeposited', amount: 10n * USDT, reference: 'in' })
      .when((s) =>
        reserveMargin(
          s,
          { orderId: 1, symbol: 'TESTUSDT', amount: 10n * USDT + 1n, openLots: 1 },
          instruments,
          noMarks,
        ),
      )
      .thenRejects({ code: -2019 });
  });

  test('a reservation topped up needs only the difference; a smaller one keeps what it holds', () => {
    const history = [
      { type: 'CollateralDeposited', amount: 10n * USDT, reference: 'in' },
      { type: 'MarginReserved', orderId: 1, symbol: 'TESTUSDT', amount: 8n * USDT, openLots: 4 },
    ] as const;
    givenAccount(...history)
      .when((s) =>
        reserveMargin(
          s,
          { orderId: 1, symbol: 'TESTUSDT', amount: 10n * USDT, openLots: 5 },
          instruments,
          noMarks,
        ),
      )
      .thenEvents([{ type: 'MarginReserved', orderId: 1, amount: 10n * USDT, openLots: 5 }]);
    givenAccount(...history)
      .when((s) =>
        reserveMargin(
          s,
          { orderId: 1, symbol: 'TESTUSDT', amount: 2n * USDT, openLots: 1 },
          instruments,
          noMarks,
        ),
      )
      .thenEvents([{ type: 'MarginReserved', orderId: 1, amount: 8n * USDT, openLots: 1 }]);
  });
});

describe('the notional cap of the leverage (-2027), in the margin decision', () => {
  // BTCUSDT's real tiers: leverage 125 up to 50,000 USDT of notional, 100 up to 600,000.
  const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);
  const btcInstruments = { get: (symbol: string) => (symbol === 'BTCUSDT' ? btc : undefined) };
  const at = (price: number) => ({ instrument: btc, price: price * 10 }); // ticks of 0.10
  const order = (orderId: number, side: 'BUY' | 'SELL', lots: number, amount = 1n * USDT) => ({
    orderId,
    symbol: 'BTCUSDT',
    amount,
    openLots: lots,
    side,
  });
  const rich = { type: 'CollateralDeposited', amount: 1_000_000n * USDT, reference: 'in' } as const;
  const at125 = { type: 'LeverageSet', symbol: 'BTCUSDT', leverage: 125 } as const;

  test('an order that would take the position past the cap is refused; up to the cap it is reserved', () => {
    // 0.833 BTC at 60,000 = 49,980 USDT ≤ 50,000; 0.834 = 50,040 > 50,000.
    givenAccount(rich, at125)
      .when((s) => reserveMargin(s, order(1, 'BUY', 833), btcInstruments, noMarks, at(60_000)))
      .thenEvents([{ type: 'MarginReserved', orderId: 1, side: 'BUY', openLots: 833 }]);
    givenAccount(rich, at125)
      .when((s) => reserveMargin(s, order(1, 'BUY', 834), btcInstruments, noMarks, at(60_000)))
      .thenRejects({ code: -2027, msg: 'Exceeded the maximum allowable position at current leverage.' });
    // At leverage 100 the cap is 600,000 USDT: the same order fits.
    givenAccount(rich, { ...at125, leverage: 100 })
      .when((s) => reserveMargin(s, order(1, 'BUY', 834), btcInstruments, noMarks, at(60_000)))
      .thenEvents([{ type: 'MarginReserved', orderId: 1 }]);
  });

  test('open orders on the same side count; those on the other side and the reducing side do not', () => {
    const resting = { type: 'MarginReserved', ...order(1, 'BUY', 500) } as const;
    givenAccount(rich, at125, resting)
      .when((s) => reserveMargin(s, order(2, 'BUY', 334), btcInstruments, noMarks, at(60_000)))
      .thenRejects({ code: -2027 });
    givenAccount(rich, at125, resting)
      .when((s) => reserveMargin(s, order(2, 'SELL', 833), btcInstruments, noMarks, at(60_000)))
      .thenEvents([{ type: 'MarginReserved', orderId: 2, side: 'SELL' }]);
    // An amendment is checked without its own old reservation; it keeps its side.
    givenAccount(rich, at125, resting)
      .when((s) =>
        reserveMargin(s, { ...order(1, 'BUY', 833), side: undefined }, btcInstruments, noMarks, at(60_000)),
      )
      .thenEvents([{ type: 'MarginReserved', orderId: 1, side: 'BUY', openLots: 833 }]);
  });

  test('the cap is checked before the margin: a refused order reserves nothing', () => {
    givenAccount(at125, { type: 'CollateralDeposited', amount: 1n, reference: 'poor' })
      .when((s) => reserveMargin(s, order(1, 'BUY', 900), btcInstruments, noMarks, at(60_000)))
      .thenRejects({ code: -2027 });
  });
});

describe('leverage', () => {
  test('set within the symbol maximum; the same again changes nothing; beyond it is -4028', () => {
    const outcome = givenAccount()
      .when((s) => setLeverage(s, 'TESTUSDT', 5, 20))
      .thenEvents([{ type: 'LeverageSet', symbol: 'TESTUSDT', leverage: 5 }]);
    expect(outcome.state.leverage).toEqual({ TESTUSDT: 5 });
    givenAccount({ type: 'LeverageSet', symbol: 'TESTUSDT', leverage: 5 })
      .when((s) => setLeverage(s, 'TESTUSDT', 5, 20))
      .thenEvents([]);
    givenAccount()
      .when((s) => setLeverage(s, 'TESTUSDT', 21, 20))
      .thenRejects({ code: -4028, msg: 'Leverage 21 is not valid' });
  });

  test("with the account's risk: a position past the new cap is -2027; too little margin for a lower one, -2028", () => {
    const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);
    const risk = {
      instruments: { get: (symbol: string) => (symbol === 'BTCUSDT' ? btc : undefined) },
      markPriceOf: () => markPrice(6_000_000_000_000), // 60,000 USDT
    };
    // Long 1 BTC (entry 60,000): 60,000 USDT of notional, over leverage 125's cap (50,000), under 100's.
    const long = (wallet: bigint) =>
      [
        { type: 'CollateralDeposited', amount: wallet, reference: 'in' },
        {
          type: 'SymbolEventsSettled',
          symbol: 'BTCUSDT',
          seq: 3,
          changes: {
            walletDelta: 0n,
            realizedPnl: 0n,
            fees: 0n,
            position: { size: 1000, entryNotional: 60_000n * USDT, realizedPnl: 0n },
            reservations: {},
          },
        },
      ] as const;
    givenAccount(...long(10_000n * USDT))
      .when((s) => setLeverage(s, 'BTCUSDT', 125, 125, risk))
      .thenRejects({ code: -2027 });
    givenAccount(...long(10_000n * USDT))
      .when((s) => setLeverage(s, 'BTCUSDT', 100, 125, risk))
      .thenEvents([{ type: 'LeverageSet', leverage: 100 }]);
    // At 20 (the default) the position holds 3,000 USDT; at 5, 12,000: more than a 10,000 wallet.
    givenAccount(...long(10_000n * USDT))
      .when((s) => setLeverage(s, 'BTCUSDT', 5, 125, risk))
      .thenRejects({ code: -2028, msg: 'Leverage is smaller than permitted: insufficient margin balance.' });
    givenAccount(...long(10_000n * USDT))
      .when((s) => setLeverage(s, 'BTCUSDT', 6, 125, risk))
      .thenEvents([{ type: 'LeverageSet', leverage: 6 }]);
    // Open orders' margin grows at the lower leverage too: 1,000 reserved at 20 is 2,000 at 10.
    givenAccount(
      { type: 'CollateralDeposited', amount: 1_999n * USDT, reference: 'in' },
      { type: 'MarginReserved', orderId: 7, symbol: 'BTCUSDT', amount: 1_000n * USDT, openLots: 300 },
    )
      .when((s) => setLeverage(s, 'BTCUSDT', 10, 125, risk))
      .thenRejects({ code: -2028 });
  });

  test('the account the events are about is the one decided on', () => {
    expect(givenAccount().when((s) => deposit(s, 1n, 'x')).state.accountId).toBe(ACCOUNT);
  });
});
