import { type KinesisClient, PutRecordsCommand, type PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { type CommandBus, CommandNotSent, type PutResult } from '../../../application/ports/commandBus';
import { type CommandEnvelope, encodeCommand } from '../../../application/ports/commandEnvelope';
import { GroupCommit } from './groupCommit';

/** PutRecords' limits: 500 records, 1 MiB a record (data and partition key), 5 MiB a request (keys included). */
const MAX_RECORDS = 500;
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** One command on its way: its record, the attempts it has had, and its caller's answer. */
interface Pending {
  readonly command: CommandEnvelope;
  readonly data: Uint8Array;
  readonly bytes: number;
  attempts: number;
  readonly resolve: (result: PutResult) => void;
  readonly reject: (error: CommandNotSent) => void;
}

/**
 * Puts commands on the Kinesis stream `commands`, partition key = symbol, with PutRecords: the puts that arrive
 * while `inFlight` requests are under way go together in the next request (groupCommit.ts: no timer, a lone put
 * goes at once, alone; on Lambda, one request per container at a time, every batch is of one). Each caller gets
 * its own record's shard and sequence number (the response's records match the request's by index).
 *
 * Order: a put that starts after an earlier put resolved lands after it (its record was on the shard when the
 * earlier put resolved), so one caller's puts made in sequence reach the engine in order. Puts that overlap have no
 * order, as with one PutRecord each before. Kinesis does not promise that records of one key in one PutRecords
 * keep their request order: "A single record failure does not stop the processing of subsequent records. As a
 * result, PutRecords doesn't guarantee the ordering of records" (PutRecords, Kinesis API reference); nothing here
 * relies on it.
 *
 * A record that comes back with an ErrorCode (ProvisionedThroughputExceeded, InternalFailure) is put again, with the
 * same command id, and so is every record of a request that failed whole (each counts the attempt): should an
 * attempt that "failed" have arrived after all, the matcher drops the second copy by its command id, so retrying
 * never doubles a command. A command gets `attempts` attempts, 50 ms × 2^n apart; out of attempts, its put alone
 * rejects with CommandNotSent.
 *
 * One request in flight by default: the largest batches, and in the benches no slower than 2 or 4 (docs/read-side.md,
 * "Ingress: puts that overlap share one PutRecords").
 */
export class KinesisCommandBus implements CommandBus {
  private readonly batches: GroupCommit<Pending>;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly attempts = 4,
    inFlight = 1,
  ) {
    this.batches = new GroupCommit(
      (batch) => this.send(batch),
      (pending) => pending.bytes,
      { maxItems: MAX_RECORDS, maxBytes: MAX_REQUEST_BYTES },
      inFlight,
    );
  }

  put(command: CommandEnvelope): Promise<PutResult> {
    const data = encodeCommand(command);
    const bytes = data.byteLength + Buffer.byteLength(command.symbol);
    if (bytes > MAX_RECORD_BYTES)
      return Promise.reject(
        new CommandNotSent(command.commandId, new RangeError(`a record of ${bytes} bytes exceeds 1 MiB`)),
      );
    return new Promise((resolve, reject) =>
      this.batches.add({ command, data, bytes, attempts: 0, resolve, reject }),
    );
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    let results: readonly PutRecordsResultEntry[] = [];
    let requestError: unknown;
    try {
      const response = await this.kinesis.send(
        new PutRecordsCommand({
          StreamName: this.streamName,
          Records: batch.map((p) => ({ PartitionKey: p.command.symbol, Data: p.data })),
        }),
      );
      results = response.Records ?? [];
    } catch (error) {
      requestError = error;
    }
    // The records to put again, by how long they wait: those of one request that wait alike go together again.
    const retries = new Map<number, Pending[]>();
    batch.forEach((pending, i) => {
      const result = results[i];
      if (
        result?.SequenceNumber !== undefined &&
        result.ShardId !== undefined &&
        result.ErrorCode === undefined
      ) {
        pending.resolve({ shardId: result.ShardId, sequenceNumber: result.SequenceNumber });
        return;
      }
      pending.attempts++;
      if (pending.attempts >= this.attempts)
        pending.reject(new CommandNotSent(pending.command.commandId, requestError ?? recordError(result)));
      else {
        const backoffMs = 50 * 2 ** (pending.attempts - 1);
        const again = retries.get(backoffMs) ?? [];
        again.push(pending);
        retries.set(backoffMs, again);
      }
    });
    for (const [backoffMs, again] of retries) setTimeout(() => this.batches.add(...again), backoffMs);
  }
}

function recordError(result: PutRecordsResultEntry | undefined): Error {
  const error = new Error(result?.ErrorMessage ?? 'no result for the record');
  error.name = result?.ErrorCode ?? 'MissingRecordResult';
  return error;
}
