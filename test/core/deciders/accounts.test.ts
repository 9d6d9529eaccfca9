// Accounts specified from events: given an account's history, when a decision is asked of it, then these events
// (or the contract's refusal, which changes nothing).

import { deposit, reserveMargin, setLeverage, withdraw } from '../../../core/accounts/decideAccount';
import { compileInstrument } from '../../../core/symbol/instrument';
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

  test('the account the events are about is the one decided on', () => {
    expect(givenAccount().when((s) => deposit(s, 1n, 'x')).state.accountId).toBe(ACCOUNT);
  });
});
