import { type KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { type CommandBus, CommandNotSent, type PutResult } from '../../../application/ports/commandBus';
import { type CommandEnvelope, encodeCommand } from '../../../application/ports/commandEnvelope';

/**
 * Puts commands on the Kinesis stream `commands`, partition key = symbol, so each symbol's commands reach its
 * engine in order. A failed put is retried with the same command id: should an attempt that "failed" have
 * arrived after all, the matcher drops the second copy by its command id, so retrying never doubles a command.
 */
export class KinesisCommandBus implements CommandBus {
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
