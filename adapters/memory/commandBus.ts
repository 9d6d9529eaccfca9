import { type CommandBus, CommandNotSent, type PutResult } from '../../application/ports/commandBus';
import { type CommandEnvelope, encodeCommand } from '../../application/ports/commandEnvelope';

/** One record as a stream keeps it: the shard it landed on, its sequence number there, the bytes put. */
export interface PutRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/**
 * The command stream in memory: records land on a shard chosen by their partition key (the symbol), numbered in
 * order per shard, as on Kinesis. Whoever consumes them reads `recordsOf(shard)`; `failNext` makes the next puts
 * fail as an unreachable stream would (the record kept or not: it may or may not have arrived).
 */
export class MemoryCommandBus implements CommandBus {
  private readonly shards: PutRecord[][];
  private failures: { remaining: number; arrived: boolean } = { remaining: 0, arrived: false };

  constructor(readonly shardCount = 4) {
    this.shards = Array.from({ length: shardCount }, () => []);
  }

  async put(command: CommandEnvelope): Promise<PutResult> {
    const shard = this.shardOf(command.symbol);
    const record = {
      shardId: shardName(shard),
      sequenceNumber: String(this.shards[shard]!.length + 1).padStart(20, '0'),
      partitionKey: command.symbol,
      data: encodeCommand(command),
    };
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      if (this.failures.arrived) this.shards[shard]!.push(record);
      throw new CommandNotSent(command.commandId, new Error('the stream did not answer'));
    }
    this.shards[shard]!.push(record);
    return { shardId: record.shardId, sequenceNumber: record.sequenceNumber };
  }

  /** The next `count` puts fail; `arrived`: their records reach the stream all the same (the answer was lost). */
  failNext(count: number, arrived = false): void {
    this.failures = { remaining: count, arrived };
  }

  /** Every record put on a shard, in order. */
  recordsOf(shardId: string): readonly PutRecord[] {
    return this.shards[Number(shardId.slice(shardId.lastIndexOf('-') + 1))] ?? [];
  }

  get shardIds(): string[] {
    return this.shards.map((_, i) => shardName(i));
  }

  /** Every symbol always lands on the same shard (a stable hash of the partition key). */
  private shardOf(partitionKey: string): number {
    let hash = 0;
    for (const char of partitionKey) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash % this.shards.length;
  }
}

function shardName(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}
