// The index feed on kinesalite with the real AWS SDK: every tick puts one UpdateIndexPrice record per symbol on
// the commands stream, partition key = symbol (so each lands on its symbol's shard, in order), readable by the
// matcher as the command it means.

import { ListShardsCommand } from '@aws-sdk/client-kinesis';
import { KinesisCommandBus } from '../../../adapters/aws/commands/commandBus';
import { seededRandom } from '../../../adapters/quotes/seededRandom';
import { SimulatedQuoteSource } from '../../../adapters/quotes/simulatedQuoteSource';
import { IndexFeed } from '../../../application/marketPrices/indexFeed';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';
import { streamRecords } from '../../support/streamRecords';
import { shardOf } from '../matcher/support/stack';

jest.setTimeout(60_000);

let emulators: LocalEmulators;
beforeAll(async () => {
  emulators = await startEmulators({ kinesis: 'kinesalite' });
});
afterAll(() => emulators?.stop());

test('three ticks over two symbols: six records, each on its symbol key and shard, in tick order', async () => {
  const { kinesis } = emulators.clients;
  const stream = emulators.names.streams.commands;
  const random = seededRandom(3);
  const symbols = [
    { symbol: 'BTCUSDT', sources: [new SimulatedQuoteSource('simulated', { startPrice: '65000' }, random)] },
    { symbol: 'ETHUSDT', sources: [new SimulatedQuoteSource('simulated', { startPrice: '3500' }, random)] },
  ];
  let now = Date.UTC(2026, 11, 6, 12);
  const feed = new IndexFeed({ commands: new KinesisCommandBus(kinesis, stream), clock: () => now }, symbols);
  const published: Record<string, string[]> = { BTCUSDT: [], ETHUSDT: [] };
  for (let i = 0; i < 3; i++) {
    for (const tick of await feed.tick()) {
      expect(tick.published).toBe(true);
      published[tick.symbol]!.push(tick.composition.price!);
    }
    now += 1_000;
  }

  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards!;
  const records = (await streamRecords(kinesis, stream)).map((r) => ({
    shardId: r.shardId,
    partitionKey: r.partitionKey,
    command: r.payload as Record<string, unknown>,
  }));

  expect(records).toHaveLength(6);
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const mine = records.filter((r) => r.partitionKey === symbol);
    expect(mine.map((r) => r.shardId)).toEqual(Array(3).fill(shardOf(shards, symbol)));
    expect(mine.map((r) => r.command)).toEqual(
      published[symbol]!.map((price) =>
        expect.objectContaining({
          v: 1,
          symbol,
          type: 'UpdateIndexPrice',
          price,
          sources: [{ name: 'simulated', price }],
        }),
      ),
    );
  }
  // Every update its own command: the matcher drops a command id it has seen.
  expect(new Set(records.map((r) => r.command.commandId)).size).toBe(6);
});
