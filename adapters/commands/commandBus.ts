import { type KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { type CommandEnvelope, encodeCommand } from './commandEnvelope';

export interface PutResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/**
 * Puts commands on the `commands` stream, partition key = symbol, so each symbol's commands reach its engine in
 * order. A failed put is retried with the same command id: should an attempt that "failed" have arrived after
 * all, the matcher drops the second copy by its command id, so retrying never doubles a command.
 */
export class CommandBus {
  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly attempts = 4,
  ) {}

  async put(command: CommandEnvelope): Promise<PutResult> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      try {
        const result = await this.kinesis.send(
          new PutRecordCommand({
            StreamName: this.streamName,
            PartitionKey: command.symbol,
            Data: encodeCommand(command),
          }),
        );
        return { shardId: result.ShardId!, sequenceNumber: result.SequenceNumber! };
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
    throw new CommandNotSent(command.commandId, lastError);
  }
}

/** The command may or may not be on the stream: the answer to the client is "execution status unknown". */
export class CommandNotSent extends Error {
  constructor(
    readonly commandId: string,
    override readonly cause: unknown,
  ) {
    super(`command ${commandId} could not be put on the stream`);
  }
}
