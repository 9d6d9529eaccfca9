import { awsConnectionPorts } from '../adapters/aws/compose/connections';
import { awsFanoutPorts } from '../adapters/aws/compose/fanout';
import { awsIngressPorts } from '../adapters/aws/compose/ingress';
import { awsProjectorPorts } from '../adapters/aws/compose/projector';
import { DynamoEventLog } from '../adapters/aws/eventStore/eventStore';
import { batchOf } from '../adapters/aws/eventStore/eventsStream';
import { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { DynamoOperatorLog } from '../adapters/aws/operator/operatorLog';
import { ingressContext, projectorContext } from '../application/context';
import { Operator } from '../application/operator';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { createFanoutHandler } from '../lambdas/fanout/app';
import { createProjectorHandler } from '../lambdas/projector/app';
import type { WsContext } from '../lambdas/websocket/app';
import { Doorbell } from '../matching-fargate/doorbell';
import { LeaseManager } from '../matching-fargate/leaseManager';
import { MatcherWorker, type WorkerSettings } from '../matching-fargate/matcherWorker';
import { Metrics } from '../matching-fargate/metrics';
import { LEASE_CHECKPOINT_EVERY_MS } from '../matching-fargate/shardConsumer';
import { createLogger, type LogLevel } from '../service-runtime/logger';
import { LocalCommitSignal } from './commitSignal';
import { nudgingEventLog } from './committedNudge';
import { type KinesisEngine, type LocalEmulators, startEmulators } from './emulators';
import { type LocalGateway, startGateway } from './gateway/gateway';
import { ringingCommandBus } from './ringingCommandBus';
import { StreamPoller } from './streamPoller';

export interface LocalExchangeOptions {
  /** Keep the emulators' data here across restarts; in memory when absent. */
  readonly dataDir?: string;
  readonly kinesis?: KinesisEngine;
  /** Gateway port; 0 (default) lets the OS pick a free one. */
  readonly port?: number;
  readonly host?: string;
  /** How often the gateway pings each WebSocket connection (default: the gateway's). */
  readonly pingIntervalMs?: number;
  /** Run the matcher and the stream consumers (default true); without them only the gateway answers. */
  readonly matcher?: boolean;
  readonly matcherSettings?: Partial<WorkerSettings>;
  /**
   * How often the matcher polls Kinesis (GetRecords) while busy, in ms. Default BUSY_POLL_MS; measured in
   * docs/local-stack.md ("Poll intervals").
   */
  readonly busyPollMs?: number;
  /** How often the stream poller polls while busy when no commit nudges it (default POLLER_FALLBACK_MS). */
  readonly pollerFallbackMs?: number;
  readonly logLevel?: LogLevel;
  /**
   * Whether a put rings the matcher's poll and a commit wakes the RESULT answers waiting for it (default true);
   * false polls both as on AWS (the benchmark compares the two).
   */
  readonly wakeUps?: boolean;
  /** How long RESULT orders and cancels wait for the matcher. */
  readonly resultTimeoutMs?: number;
  /**
   * Runs each part's work (the matcher's loop, the stream poller, each consumer's batches) inside `body`, so that a
   * benchmark can attribute AWS calls to parts (an AsyncLocalStorage scope); what runs outside is the gateway's.
   */
  readonly runPart?: <T>(part: LocalPart, body: () => T) => T;
}

/**
 * The matcher's wait between GetRecords while records keep coming, and the stream poller's while no commit nudges
 * it (each commit does: committedNudge.ts); both back off to IDLE_POLL_MS after a second without records. Chosen
 * from the measurements in docs/local-stack.md: at 10 ms the poller alone made ≈ 200 requests a second while any
 * order was in flight, half a core of the stack's loop with the emulators', for nothing the nudge does not do.
 */
export const BUSY_POLL_MS = 10;
export const POLLER_FALLBACK_MS = 100;
export const IDLE_POLL_MS = 200;

/** The parts of the local stack besides the gateway (ingress), as a benchmark attributes their work. */
export type LocalPart = 'matcher' | 'poller' | 'projector' | 'fanout';

export interface Trader {
  readonly accountId: number;
  readonly apiKey: string;
  readonly secret: string;
}

export interface LocalExchange {
  readonly emulators: LocalEmulators;
  /** The REST and WebSocket APIs' use-case context (ports on the emulators), as the gateway serves them. */
  readonly ctx: WsContext;
  readonly gateway: LocalGateway;
  readonly operator: Operator;
  readonly matcherMetrics: Metrics;
  /** Opens an account, deposits `funds` USDT and gives it an API key with READ and TRADE. */
  trader(funds?: string): Promise<Trader>;
  /** Lists a symbol through the matcher (unless listed already) and waits until the read side knows it. */
  listSymbol(spec: SymbolSpec): Promise<void>;
  /** Waits until the stream consumers have caught up with everything committed so far. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole exchange in one process, exactly as `npm start` runs it: the emulators with every declared resource,
 * the matcher (the same worker ECS runs), the stream poller feeding the projector and the fan-out (the same
 * handlers Lambda runs), and the gateway serving REST, WebSocket and the connection management API.
 */
export async function startLocalExchange(options: LocalExchangeOptions = {}): Promise<LocalExchange> {
  const emulators = await startEmulators({
    dataDir: options.dataDir,
    kinesis: options.kinesis,
    persistIntervalMs: 1_000,
  });
  const { clients, names } = emulators;
  const documents = clients.documents;
  // The matcher runs in this process: a put rings its shard loop (instead of waiting out its poll interval), and
  // its commits wake the RESULT answers waiting for them (instead of their 5 ms polls). On AWS neither exists.
  const wakeUps = options.wakeUps ?? true;
  const doorbell = wakeUps ? new Doorbell() : undefined;
  const commits = wakeUps ? new LocalCommitSignal() : undefined;
  const ingressPorts = awsIngressPorts(clients, names);
  const ctx: WsContext = {
    ...ingressContext(
      {
        ...ingressPorts,
        commands: doorbell ? ringingCommandBus(ingressPorts.commands, doorbell) : ingressPorts.commands,
      },
      { resultTimeoutMs: options.resultTimeoutMs ?? 10_000, commits },
    ),
    ...awsConnectionPorts(clients, names),
  };
  const gateway = await startGateway({
    ctx,
    port: options.port,
    host: options.host,
    pingIntervalMs: options.pingIntervalMs,
  });
  const runPart = options.runPart ?? (<T>(_part: LocalPart, body: () => T) => body());
  const log = createLogger({ service: 'shardex-local' }, options.logLevel ?? 'warn');
  const matcherMetrics = new Metrics();
  let worker: MatcherWorker | undefined;
  let poller: StreamPoller | undefined;

  if (options.matcher ?? true) {
    const leases = new LeaseManager(documents, clients.kinesis, {
      table: names.tables.leases,
      streamName: names.streams.commands,
      workerId: 'local-matcher',
      leaseDurationMs: 10_000,
    });
    const matcher = new MatcherWorker(
      clients.kinesis,
      leases,
      {
        // Each commit nudges the stream poller, as Streams would deliver it (committedNudge.ts), and hands it the
        // item as written, which Streams would carry: the poller reads back only what it was not told.
        events: nudgingEventLog(
          new DynamoEventLog(documents, names.tables.events, Date.now, (item) => poller?.written(item)),
          (stream) => {
            poller?.nudge();
            commits?.committed(stream);
          },
        ),
        snapshots: new DynamoSnapshotStore(documents, names.tables.snapshots),
      },
      {
        streamName: names.streams.commands,
        batchLimit: 500,
        // Rung by every put of this process (the gateway, the risk service, the index feed, the funding timer), the
        // matcher's busy poll is only a fallback (for a put from another process: the operator CLI), as the stream
        // poller's is: it stops spending half the Kinesis emulator's time on empty GetRecords.
        idlePollMs: options.busyPollMs ?? (doorbell ? POLLER_FALLBACK_MS : BUSY_POLL_MS),
        maxIdlePollMs: IDLE_POLL_MS,
        leaseSafetyMs: 2_000,
        checkpointEveryMs: LEASE_CHECKPOINT_EVERY_MS,
        snapshotEveryEvents: 100_000,
        snapshotEveryMs: 300_000,
        snapshotsKept: 3,
        renewIntervalMs: 2_500,
        shardSyncIntervalMs: 60_000,
        doorbell,
        ...options.matcherSettings,
      },
      matcherMetrics,
      log.child({ part: 'matcher' }),
    );
    worker = matcher;
    await runPart('matcher', () => matcher.start());
    // The projector settles accounts through the ingress's Accounts: one process, so their decisions on an
    // account take turns instead of racing into conditional-write conflicts.
    const projector = createProjectorHandler(
      projectorContext(awsProjectorPorts(clients, names), ctx.accounts),
      batchOf,
    );
    // The fan-out runs in the gateway's process: it posts to the sockets directly (gateway.ts, `poster`).
    const fanout = createFanoutHandler(awsFanoutPorts(clients, names), gateway.poster, batchOf);
    const streams = new StreamPoller(
      clients,
      names,
      [
        { name: 'projector', handle: (event) => runPart('projector', () => projector(event)) },
        { name: 'fanout', handle: (event) => runPart('fanout', () => fanout(event)) },
      ],
      {
        idleMs: options.pollerFallbackMs ?? POLLER_FALLBACK_MS,
        maxIdleMs: IDLE_POLL_MS,
        log: (message, fields) => log.warn(message, fields),
      },
    );
    poller = streams;
    runPart('poller', () => streams.start());
  }

  const operator = new Operator({
    ...ctx,
    operatorLog: new DynamoOperatorLog(clients.documents, names.tables.operatorActions),
  });
  return {
    emulators,
    ctx,
    gateway,
    operator,
    matcherMetrics,
    async trader(funds = '100000') {
      const accountId = await operator.createAccount();
      await operator.deposit(accountId, funds, 'initial deposit');
      const key = await operator.createApiKey(accountId, ['READ', 'TRADE'], 'local');
      return { accountId, apiKey: key.apiKey, secret: key.secret };
    },
    async listSymbol(spec) {
      ctx.symbols.invalidate();
      if ((await ctx.symbols.get(spec.symbol)) !== undefined) return;
      await operator.addSymbol(spec);
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        ctx.symbols.invalidate();
        if ((await ctx.symbols.get(spec.symbol)) !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`${spec.symbol} was listed but the read side did not show it within 30 s`);
    },
    async settle() {
      await runPart('poller', async () => poller?.drain());
    },
    async stop() {
      await poller?.stop();
      await worker?.stop();
      await gateway.close();
      await emulators.stop();
    },
  };
}
