import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { SymbolDirectory } from '../../adapters/markets/symbolDirectory';
import type { ProjectionProgress } from '../../adapters/readModels/projectionProgress';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import { logJson } from '../shared/log';
import { batchOf, type SymbolBatch } from './eventRecords';

/** One read model: applies a symbol's batch of events to its table, idempotently. */
export interface ReadModel {
  readonly name: string;
  apply(batch: SymbolBatch, context: ProjectionContext): Promise<void>;
}

export interface ProjectionContext {
  /** The symbol's spec as of this batch (units for formatting). */
  readonly instrument: Instrument;
}

export class ProjectionGap extends Error {}

export const PROJECTOR = 'projector';

/**
 * The projector: the one DynamoDB Streams consumer that keeps every read model. Records are handled one by one
 * in order (per symbol the stream is ordered); a batch at or below the symbol's progress was applied before and
 * is skipped, a batch that does not start right after it is a gap and fails the record, so Lambda retries it
 * rather than skip anything. The response names the first failed record (partial batch failure): the records
 * before it are done, it and those after are retried.
 */
export function createProjector(
  progress: ProjectionProgress,
  symbols: SymbolDirectory,
  models: readonly ReadModel[],
) {
  const project = async (batch: SymbolBatch) => {
    const done = await progress.get(PROJECTOR, batch.symbol);
    if (batch.lastSeq <= done) return;
    if (batch.firstSeq !== done + 1) {
      throw new ProjectionGap(
        `${batch.symbol}: projected up to ${done}, next batch starts at ${batch.firstSeq}`,
      );
    }
    const context = { instrument: await instrumentFor(batch, symbols) };
    for (const model of models) await model.apply(batch, context);
    if (!(await progress.advance(PROJECTOR, batch.symbol, done, batch.lastSeq))) {
      throw new ProjectionGap(`${batch.symbol}: another projector advanced past ${done} meanwhile`);
    }
  };
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      const batch = batchOf(record);
      if (batch === undefined) continue;
      try {
        await project(batch);
      } catch (error) {
        logJson('error', 'projection failed', {
          symbol: batch.symbol,
          seq: batch.firstSeq,
          last: batch.lastSeq,
          error,
        });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? batch.recordId }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

/** The symbol's newest spec up to this batch: from the batch itself if it lists or updates the symbol. */
async function instrumentFor(batch: SymbolBatch, symbols: SymbolDirectory): Promise<Instrument> {
  for (let i = batch.events.length - 1; i >= 0; i--) {
    const event = batch.events[i]!;
    if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') return compileInstrument(event.spec);
  }
  let instrument = await symbols.get(batch.symbol);
  if (instrument === undefined) {
    symbols.invalidate();
    instrument = await symbols.get(batch.symbol);
  }
  if (instrument === undefined)
    throw new ProjectionGap(`${batch.symbol}: events before its listing is projected`);
  return instrument;
}
