// The operator's ledger as CSV (admin `ledger --csv`): one row per wallet change, its cause and the balance after.

import { ledgerCsv } from '../../bin/ledgerCsv';
import { ledgerOf } from '../../core/accounts/ledger';

test('a row per entry, money as USDT, a transfer reference with a comma quoted', () => {
  const entries = ledgerOf([
    { version: 1, event: { type: 'AccountOpened', accountId: 3 }, time: 0 },
    {
      version: 2,
      event: { type: 'CollateralDeposited', amount: 150_000_000n, reference: 'wire, "A"', time: 1_000 },
      time: 1_001,
    },
    {
      version: 3,
      event: {
        type: 'SymbolEventsSettled',
        symbol: 'BTCUSDT',
        seq: 42,
        changes: {
          walletDelta: -12_345n,
          realizedPnl: 0n,
          fees: 0n,
          position: null,
          reservations: {},
          fundingFees: [{ amount: -12_345n, fundingTime: 28_800_000, time: 28_800_005, seq: 42 }],
        },
      },
      time: 28_800_010,
    },
  ]);
  expect(ledgerCsv(entries).split('\n')).toEqual([
    'tranId,version,time,timeUtc,incomeType,symbol,amount,balance,tradeId,causeSymbol,causeSeq,reference',
    '200000,2,1000,1970-01-01T00:00:01.000Z,TRANSFER,,1.50000000,1.50000000,,,,"wire, ""A"""',
    '300000,3,28800000,1970-01-01T08:00:00.000Z,FUNDING_FEE,BTCUSDT,-0.00012345,1.49987655,,BTCUSDT,42,',
    '',
  ]);
});
