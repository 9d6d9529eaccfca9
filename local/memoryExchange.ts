import { MemoryConnectionPoster } from '../adapters/memory/connections';
import { type MemoryPortOptions, type MemoryPorts, memoryPorts } from '../adapters/memory/ports';
import { Accounts } from '../application/accounts/accounts';
import { createApiKey } from '../application/accounts/apiKeys';
import { depositCollateral } from '../application/accounts/collateral';
import { openAccount } from '../application/accounts/openAccount';
import { type IngressContext, ingressContext, projectorContext } from '../application/context';
import { createFanout } from '../application/fanout/fanout';
import { Operator } from '../application/operator';
import type { CommandBus } from '../application/ports/commandBus';
import { readCommandRecord, SYMBOL_KEY } from '../application/ports/commandEnvelope';
import type { SymbolBatch } from '../application/ports/eventLog';
import type { ConnectionPorts } from '../application/ports/ports';
import { readModelsOf } from '../application/projections/models';
import { createProjector, PROJECTOR } from '../application/projections/projector';
import { addSymbol } from '../application/symbols/symbolAdmin';
import { binanceStreams } from '../binance/streams/streamFormat';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { type Stores, SymbolStream } from '../matching-fargate/symbolStream';
import type { Trader } from './localExchange';

export type { Trader };

export interface MemoryExchange {
  readonly ports: MemoryPorts;
  /** The use cases' context: what the REST and WebSocket handlers get. */
  readonly ctx: IngressContext & ConnectionPorts;
  readonly operator: Operator;
  /** Where the fan-out posts: a client "connects" here to receive (MemoryConnectionPoster.connect). */
  readonly poster: MemoryConnectionPoster;
  /** Opens an account, deposits `funds` USDT and gives it an API key with READ and TRADE. */
  trader(funds?: string): Promise<Trader>;
  listSymbol(spec: SymbolSpec): Promise<void>;
  /** Everything put so far is decided, committed, projected and fanned out. */
  settle(): Promise<void>;
}

/**
 * The whole exchange in one process and in memory, with no emulator: the application's use cases over the
 * in-memory adapters (adapters/memory); the matcher's own symbol streams (matching-fargate/symbolStream.ts)
 * deciding every command as soon as it is put, and committing its events to the event log; the projector and the
 * fan-out applying each committed batch. What runs on AWS, less the AWS services: for fast application-level
 * tests (test/application/) and for measuring our code without the emulators' costs.
 */
export function startMemoryExchange(
  options: MemoryPortOptions & { resultTimeoutMs?: number } = {},
): MemoryExchange {
  const ports = memoryPorts(options);
  const accounts = new Accounts(ports.accountStore, ports.clock);
  const pipeline = new MemoryPipeline(ports, accounts);
  const commands: CommandBus = {
    put: async (command) => {
      try {
        return await ports.commands.put(command);
      } finally {
        await pipeline.catchUp();
      }
    },
  };
  const ctx = {
    ...ingressContext(
      { ...ports, commands },
      { accounts, resultTimeoutMs: options.resultTimeoutMs ?? 1_000 },
    ),
    connections: ports.connections,
    subscriptions: ports.subscriptions,
    listenerChanges: ports.listenerChanges,
  };
  return {
    ports,
    ctx,
    operator: new Operator({ ...ctx, operatorLog: ports.operatorLog }),
    poster: pipeline.poster,
    async trader(funds = '100000') {
      const accountId = await openAccount(ctx);
      await depositCollateral(ctx, { accountId, amount: funds, reference: 'initial deposit' });
      const key = await createApiKey(ctx, accountId, ['READ', 'TRADE'], 'memory');
      return { accountId, apiKey: key.apiKey, secret: key.secret };
    },
    async listSymbol(spec) {
      if ((await ctx.symbols.get(spec.symbol)) === undefined) await addSymbol(ctx, spec);
    },
    settle: () => pipeline.catchUp(),
  };
}

/** The matcher, projector and fan-out over the memory stream and log, one catch-up at a time. */
class MemoryPipeline {
  readonly poster = new MemoryConnectionPoster();
  private readonly stores: Stores;
  private readonly streams = new Map<string, SymbolStream>();
  private readonly read = new Map<string, number>();
  private readonly project: (batches: readonly SymbolBatch[]) => Promise<{ failedRecordId?: string }>;
  private readonly fanOut: (batches: readonly SymbolBatch[]) => Promise<{ failedRecordId?: string }>;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly ports: MemoryPorts,
    accounts: Accounts,
  ) {
    this.stores = { events: ports.events, snapshots: ports.snapshotStore };
    const projectorCtx = projectorContext(ports, accounts);
    this.project = createProjector(projectorCtx, readModelsOf(projectorCtx));
    this.fanOut = createFanout(ports, { poster: this.poster, format: binanceStreams });
  }

  /**
   * Runs after the catch-up in progress (whatever became of it): each record is decided once, in order. A failure
   * reaches the caller whose catch-up it was.
   */
  catchUp(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(() => this.drain());
    return this.running;
  }

  private async drain(): Promise<void> {
    const touched = new Set<string>();
    for (const shardId of this.ports.commands.shardIds) {
      const records = this.ports.commands.recordsOf(shardId);
      for (let i = this.read.get(shardId) ?? 0; i < records.length; i++) {
        const record = records[i]!;
        this.read.set(shardId, i + 1);
        if (!SYMBOL_KEY.test(record.partitionKey)) {
          this.ports.log('warn', 'poison record skipped', { shardId, reason: 'partition key is no symbol' });
          continue;
        }
        const stream = await this.streamOf(record.partitionKey);
        const read = readCommandRecord(
          record.data,
          record.partitionKey,
          this.ports.clock(),
          stream.engine.instrument,
        );
        if (read.kind === 'poison') {
          this.ports.log('warn', 'poison record skipped', { shardId, reason: read.reason });
          continue;
        }
        stream.execute(read.command, { shardId, sequenceNumber: record.sequenceNumber });
        await stream.commit();
        touched.add(record.partitionKey);
      }
    }
    for (const symbol of touched) {
      const batches: SymbolBatch[] = [];
      for await (const item of this.ports.events.itemsAfter(
        symbol,
        await this.ports.progress.get(PROJECTOR, symbol),
      )) {
        if (item.events === null) break;
        batches.push({
          symbol,
          firstSeq: item.seq,
          lastSeq: item.last,
          events: item.events,
          chain: item.chain,
          recordId: `${symbol}:${item.seq}`,
        });
      }
      const projected = await this.project(batches);
      if (projected.failedRecordId !== undefined)
        throw new Error(`projection failed at ${projected.failedRecordId}`);
      const fannedOut = await this.fanOut(batches);
      if (fannedOut.failedRecordId !== undefined)
        throw new Error(`fan-out failed at ${fannedOut.failedRecordId}`);
    }
  }

  private async streamOf(symbol: string): Promise<SymbolStream> {
    let stream = this.streams.get(symbol);
    if (stream === undefined) {
      stream = await SymbolStream.recover(symbol, this.stores, { id: 'memory-matcher', fence: 1 });
      this.streams.set(symbol, stream);
    }
    return stream;
  }
}
