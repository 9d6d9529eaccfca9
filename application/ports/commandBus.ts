import type { CommandEnvelope } from './commandEnvelope';

export interface PutResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/**
 * The way to the matcher: commands go on the `commands` stream, partition key = symbol, so each symbol's
 * commands reach its engine in the order they were put. A put that may or may not have arrived throws
 * CommandNotSent; putting the same command (same command id) again is always safe, because the matcher applies a
 * command id at most once.
 */
export interface CommandBus {
  put(command: CommandEnvelope): Promise<PutResult>;
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
