import { consumeInOrder } from '../consumeInOrder';
import type { SymbolBatch } from '../ports/eventLog';
import type { Log } from '../ports/log';
import type { ProjectionProgress } from '../ports/projectionProgress';
import type { ReadModelWrites } from '../ports/readModelWrites';
import type { SymbolDirectory } from '../ports/symbolDirectory';
import type { ReadModel } from './readModel';
import { specAsOf } from './specAsOf';

export class ProjectionGap extends Error {}

/** The projector's name in the progress table. */
export const PROJECTOR = 'projector';

/**
 * The projector: the one consumer of the event log that keeps every read model. Batches are handled one by one
 * in order (per symbol the log is ordered), each projected into every model, in order, exactly once: a batch at
 * or below the symbol's progress was applied before and is skipped; a batch that does not start right after it
 * is a gap and fails (ProjectionGap), so it is retried rather than anything skipped. The progress moves only
 * after every model applied the batch, conditionally, so two deliveries of one batch cannot both move it.
 *
 * Returns the record of the first batch that failed: the batches before it are done, it and those after are to
 * be delivered again (Lambda's partial batch failure).
 */
export function createProjector(
  ctx: {
    readonly progress: ProjectionProgress;
    readonly symbols: SymbolDirectory;
    readonly log: Log;
    readonly readModelWrites: ReadModelWrites;
  },
  models: readonly ReadModel[],
): (batches: readonly SymbolBatch[]) => Promise<{ readonly failedRecordId?: string }> {
  const project = async (batch: SymbolBatch) => {
    const done = await ctx.progress.get(PROJECTOR, batch.symbol);
    if (batch.lastSeq <= done) return;
    if (batch.firstSeq !== done + 1) {
      throw new ProjectionGap(
        `${batch.symbol}: projected up to ${done}, next batch starts at ${batch.firstSeq}`,
      );
    }
    const instrument = await specAsOf(batch.symbol, batch.events, ctx.symbols);
    if (instrument === undefined)
      throw new ProjectionGap(`${batch.symbol}: events before its listing is projected`);
    // Every model's writes of the batch go together, once all are folded, before the progress moves.
    await ctx.readModelWrites.gathered(async () => {
      for (const model of models) await model.apply(batch, { instrument, follows: true });
    });
    if (!(await ctx.progress.advance(PROJECTOR, batch.symbol, done, batch.lastSeq))) {
      throw new ProjectionGap(`${batch.symbol}: another projector advanced past ${done} meanwhile`);
    }
  };
  return (batches) =>
    consumeInOrder(batches, project, (batch, error) => {
      ctx.log('error', 'projection failed', {
        symbol: batch.symbol,
        seq: batch.firstSeq,
        last: batch.lastSeq,
        error,
      });
      return batch.recordId;
    });
}
