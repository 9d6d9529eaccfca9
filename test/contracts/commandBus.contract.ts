import type { CommandBus } from '../../application/ports/commandBus';
import { CommandNotSent } from '../../application/ports/commandBus';
import { type CommandEnvelope, readCommandRecord } from '../../application/ports/commandEnvelope';
import { type Make, uniqueSymbol } from './support';

/** What a reader of the stream finds on a shard: each record's sequence number, partition key and bytes. */
export interface StoredRecord {
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface CommandBusSubject {
  readonly bus: CommandBus;
  /** The records on a shard, in order. */
  readonly read: (shardId: string) => Promise<StoredRecord[]>;
  /** A bus whose stream cannot be reached. */
  readonly unreachable: () => CommandBus;
}

const cancelAll = (symbol: string, n: number): CommandEnvelope => ({
  v: 1,
  commandId: `cancel-all-${symbol}-${n}`,
  symbol,
  type: 'CancelAllOrders',
  accountId: 9,
});

export function commandBusContract(make: Make<CommandBusSubject>): void {
  describe('CommandBus', () => {
    test("one symbol's commands land on one shard, in the order put, each as the matcher reads it", async () => {
      const { bus, read } = await make(undefined as never);
      const s = uniqueSymbol();
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await bus.put(cancelAll(s, i)));
      expect(new Set(results.map((r) => r.shardId)).size).toBe(1);
      const sequences = results.map((r) => BigInt(r.sequenceNumber));
      expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
      const mine = (await read(results[0]!.shardId)).filter((r) => r.partitionKey === s);
      expect(mine.map((r) => r.sequenceNumber)).toEqual(results.map((r) => r.sequenceNumber));
      expect(
        mine.map((r) => {
          const record = readCommandRecord(r.data, r.partitionKey, 1, undefined);
          return record.kind === 'command' ? record.command.commandId : record.reason;
        }),
      ).toEqual([0, 1, 2].map((i) => `cancel-all-${s}-${i}`));
    });

    test('a put that cannot reach the stream is CommandNotSent, naming the command', async () => {
      const { unreachable } = await make(undefined as never);
      const command = cancelAll(uniqueSymbol(), 0);
      await expect(unreachable().put(command)).rejects.toEqual(expect.any(CommandNotSent));
      await expect(unreachable().put(command)).rejects.toMatchObject({ commandId: command.commandId });
    });
  });
}
