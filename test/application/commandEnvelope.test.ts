// The command envelope's futures commands as the matcher reads them off the stream: a well-formed one becomes the
// engine command, a malformed one a recorded rejection of that command type, never poison.

import { encodeCommand, readCommandRecord } from '../../application/ports/commandEnvelope';
import { SYMBOL_PRESETS } from '../../bin/symbolPresets';
import { compileInstrument } from '../../core/symbol/instrument';

const read = (json: unknown) =>
  readCommandRecord(new TextEncoder().encode(JSON.stringify(json)), 'BTCUSDT', 1_000, undefined);

test('UpdateIndexPrice and SettleFunding are read as the engine commands', () => {
  const index = {
    v: 1 as const,
    commandId: 'index-1',
    symbol: 'BTCUSDT',
    type: 'UpdateIndexPrice' as const,
    price: '60000.5',
    sources: [{ name: 'binance', price: '60000.50' }],
  };
  expect(readCommandRecord(encodeCommand(index), 'BTCUSDT', 1_000, undefined)).toEqual({
    kind: 'command',
    symbol: 'BTCUSDT',
    command: {
      commandId: 'index-1',
      time: 1_000,
      type: 'UpdateIndexPrice',
      price: '60000.5',
      sources: [{ name: 'binance', price: '60000.50' }],
    },
  });
  expect(
    read({ v: 1, commandId: 'f-1', symbol: 'BTCUSDT', type: 'SettleFunding', fundingTime: 28_800_000 }),
  ).toEqual({
    kind: 'command',
    symbol: 'BTCUSDT',
    command: { commandId: 'f-1', time: 1_000, type: 'SettleFunding', fundingTime: 28_800_000 },
  });
});

test.each([
  [{ type: 'UpdateIndexPrice', price: 60000, sources: [] }, 'UpdateIndexPrice', 'price'],
  [{ type: 'UpdateIndexPrice', price: '1', sources: 'binance' }, 'UpdateIndexPrice', 'sources'],
  [{ type: 'SettleFunding', fundingTime: 1.5 }, 'SettleFunding', 'fundingTime'],
  [{ type: 'SettleFunding' }, 'SettleFunding', 'fundingTime'],
])('a malformed %j is a rejection of %s naming %s', (body, commandType, field) => {
  const record = read({ v: 1, commandId: 'bad', symbol: 'BTCUSDT', ...body });
  expect(record).toMatchObject({
    kind: 'command',
    command: { type: 'RejectInvalidCommand', commandType, reason: expect.stringContaining(field) },
  });
});

test('Liquidate (from the risk service) is read with its price in ticks and quantity in lots', () => {
  const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);
  const command = {
    v: 1 as const,
    commandId: 'liquidate-7-BTCUSDT-42',
    symbol: 'BTCUSDT',
    type: 'Liquidate' as const,
    accountId: 7,
    orderId: 900,
    side: 'SELL' as const,
    price: '60000.1',
    quantity: '0.1',
    adlQueue: [3, 5],
  };
  expect(readCommandRecord(encodeCommand(command), 'BTCUSDT', 1_000, btc)).toEqual({
    kind: 'command',
    symbol: 'BTCUSDT',
    command: {
      commandId: 'liquidate-7-BTCUSDT-42',
      time: 1_000,
      type: 'Liquidate',
      accountId: 7,
      orderId: 900,
      side: 'SELL',
      price: 600_001,
      quantity: 100,
      adlQueue: [3, 5],
    },
  });
});
