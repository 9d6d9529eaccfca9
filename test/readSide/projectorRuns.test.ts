// The projector takes adjacent batches of one symbol that follow each other as one run: what it does per batch
// (its progress read and write, every model's fold and writes, each account's settlement) is done once for the run.

import { MemoryProjectionProgress } from '../../adapters/memory/projectionProgress';
import { MemorySymbolDirectory } from '../../adapters/memory/symbolDirectory';
import type { SymbolBatch } from '../../application/ports/eventLog';
import type { ProjectionProgress } from '../../application/ports/projectionProgress';
import { WRITES_AS_MADE } from '../../application/ports/readModelWrites';
import { adjacentRuns, createProjector, PROJECTOR } from '../../application/projections/projector';
import type { ReadModel } from '../../application/projections/readModel';
import type { EngineEvent } from '../../core/engine/events';
import { BTCUSDT } from '../core/support/specs';

/** A batch of `symbol` holding events firstSeq..lastSeq (their content does not matter to the projector). */
function batch(symbol: string, firstSeq: number, lastSeq: number): SymbolBatch {
  const events = [];
  for (let seq = firstSeq; seq <= lastSeq; seq++)
    events.push({ type: 'MarkPriceUpdated', seq } as unknown as EngineEvent);
  return { symbol, firstSeq, lastSeq, events, chain: `chain-${lastSeq}`, recordId: `${symbol}:${firstSeq}` };
}

async function projectorWith() {
  const progress = new MemoryProjectionProgress();
  let progressReads = 0;
  const counted: ProjectionProgress = {
    get: (consumer, stream) => {
      progressReads++;
      return progress.get(consumer, stream);
    },
    advance: (consumer, stream, from, to) => progress.advance(consumer, stream, from, to),
  };
  const symbols = new MemorySymbolDirectory();
  await symbols.record(BTCUSDT, 0);
  await symbols.record({ ...BTCUSDT, symbol: 'ETHUSDT' }, 0);
  const applied: {
    symbol: string;
    firstSeq: number;
    lastSeq: number;
    seqs: number[];
    chain?: string | null;
  }[] = [];
  const model: ReadModel = {
    name: 'recorder',
    apply: async (b) => {
      applied.push({
        symbol: b.symbol,
        firstSeq: b.firstSeq,
        lastSeq: b.lastSeq,
        seqs: b.events.map((e) => e.seq),
        chain: b.chain,
      });
    },
  };
  const project = createProjector(
    { progress: counted, symbols, log: () => undefined, readModelWrites: WRITES_AS_MADE },
    [model],
  );
  return { project, applied, progress, progressReads: () => progressReads };
}

describe('projector runs', () => {
  test('adjacent batches of one symbol that follow each other are projected as one run, once', async () => {
    const { project, applied, progress, progressReads } = await projectorWith();
    const result = await project([batch('BTCUSDT', 1, 2), batch('BTCUSDT', 3, 5), batch('BTCUSDT', 6, 6)]);
    expect(result).toEqual({});
    expect(applied).toEqual([
      { symbol: 'BTCUSDT', firstSeq: 1, lastSeq: 6, seqs: [1, 2, 3, 4, 5, 6], chain: 'chain-6' },
    ]);
    expect(progressReads()).toBe(1);
    expect(await progress.get(PROJECTOR, 'BTCUSDT')).toBe(6);
  });

  test('another symbol or a gap starts a new run; the failed run reports its first record', async () => {
    expect(
      adjacentRuns([batch('BTCUSDT', 1, 2), batch('ETHUSDT', 1, 1), batch('BTCUSDT', 3, 4)]).map(
        (r) => `${r.symbol} ${r.firstSeq}-${r.lastSeq} ${r.recordId}`,
      ),
    ).toEqual(['BTCUSDT 1-2 BTCUSDT:1', 'ETHUSDT 1-1 ETHUSDT:1', 'BTCUSDT 3-4 BTCUSDT:3']);

    const { project, applied } = await projectorWith();
    const result = await project([batch('BTCUSDT', 1, 2), batch('BTCUSDT', 4, 5), batch('BTCUSDT', 6, 7)]);
    // 4-7 is one run, and it does not follow 2: it waits for the missing item.
    expect(result).toEqual({ failedRecordId: 'BTCUSDT:4' });
    expect(applied.map((a) => [a.firstSeq, a.lastSeq])).toEqual([[1, 2]]);
  });

  test('a run redelivered after its first batches were projected applies only the rest; all of it again, nothing', async () => {
    const { project, applied, progress } = await projectorWith();
    await project([batch('BTCUSDT', 1, 2)]);
    const result = await project([batch('BTCUSDT', 1, 2), batch('BTCUSDT', 3, 4)]);
    expect(result).toEqual({});
    expect(applied.map((a) => a.seqs)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await project([batch('BTCUSDT', 1, 2), batch('BTCUSDT', 3, 4)])).toEqual({});
    expect(applied).toHaveLength(2);
    expect(await progress.get(PROJECTOR, 'BTCUSDT')).toBe(4);
  });
});
