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
  const project = async (run: SymbolBatch) => {
    const done = await ctx.progress.get(PROJECTOR, run.symbol);
    if (run.lastSeq <= done) return;
    // A run redelivered after its first batches were projected (the progress moved, the delivery's checkpoint
    // did not): what is done is dropped, at a batch boundary, as each batch alone would have been skipped.
    const batch = run.firstSeq <= done ? after(run, done) : run;
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
    consumeInOrder(adjacentRuns(batches), project, (batch, error) => {
      ctx.log('error', 'projection failed', {
        symbol: batch.symbol,
        seq: batch.firstSeq,
        last: batch.lastSeq,
        error,
      });
      return batch.recordId;
    });
}

/**
 * Adjacent batches of one symbol that follow each other (a delivery of a projector behind, or of a busy symbol)
 * become one: its progress read, each model's fold and writes, each account's settlement and the progress write
 * once for the run instead of once per batch. Only adjacent ones, so the delivery's order and its first failed
 * record stay what they were; the run's record is its first batch's.
 */
export function adjacentRuns(batches: readonly SymbolBatch[]): SymbolBatch[] {
  const runs: SymbolBatch[] = [];
  for (const batch of batches) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.symbol === batch.symbol && batch.firstSeq === last.lastSeq + 1)
      runs[runs.length - 1] = {
        ...last,
        lastSeq: batch.lastSeq,
        events: [...last.events, ...batch.events],
        chain: batch.chain,
      };
    else runs.push(batch);
  }
  return runs;
}

/** The run's events after `done` (a batch boundary inside it). */
function after(run: SymbolBatch, done: number): SymbolBatch {
  return { ...run, firstSeq: done + 1, events: run.events.filter((event) => event.seq > done) };
}
