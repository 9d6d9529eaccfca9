import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ProjectorContext } from '../../application/context';
import type { SymbolBatch } from '../../application/ports/eventLog';
import { readModelsOf } from '../../application/projections/models';
import { createProjector } from '../../application/projections/projector';
import type { ReadModel } from '../../application/projections/readModel';

/** Reads a DynamoDB Streams record of the events table: its batch, or undefined for a claim or a removal. */
export type EventsRecordReader = (record: DynamoDBRecord) => SymbolBatch | undefined;

/**
 * The projector Lambda: DynamoDB Streams records of the events table → every read model (application/
 * projections; tests may hand it models of their own). Answers with partial batch failure: the first failed
 * record, so Lambda retries from it.
 */
export function createProjectorHandler(
  ctx: ProjectorContext,
  read: EventsRecordReader,
  models: readonly ReadModel[] = readModelsOf(ctx),
): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const project = createProjector(ctx, models);
  return async (event) => {
    const batches = event.Records.flatMap((record) => read(record) ?? []);
    const { failedRecordId } = await project(batches);
    return { batchItemFailures: failedRecordId === undefined ? [] : [{ itemIdentifier: failedRecordId }] };
  };
}
