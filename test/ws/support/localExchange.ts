// A whole exchange in the test process: the emulators, the local gateway (REST, WebSocket, management API), and
// optionally the matcher (MatcherWorker in process) with the stream poller feeding the projector and the fan-out.

import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { ApiKeyStore } from '../../../adapters/access/apiKeyStore';
import { AccountStore } from '../../../adapters/accounts/accountStore';
import { encodeCommand } from '../../../adapters/commands/commandEnvelope';
import { type ConnectionPoster, managementApiPoster } from '../../../adapters/connections/connectionPoster';
import { EventStore } from '../../../adapters/eventStore/eventStore';
import { SnapshotStore } from '../../../adapters/eventStore/snapshotStore';
import { SymbolDirectory } from '../../../adapters/markets/symbolDirectory';
import { ProjectionProgress } from '../../../adapters/readModels/projectionProgress';
import { deposit } from '../../../core/accounts/decideAccount';
import { parseMoney } from '../../../core/numbers/money';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { createDeps, type Deps } from '../../../lambdas/shared/deps';
import { createFanout } from '../../../lambdas/stream/fanout';
import { fanoutDeps } from '../../../lambdas/stream/fanoutDeps';
import { createProjector } from '../../../lambdas/stream/projector';
import { readModels } from '../../../lambdas/stream/readModels';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';
import { type LocalGateway, startGateway } from '../../../local/gateway/gateway';
import { StreamPoller } from '../../../local/streamPoller';
import { LeaseManager } from '../../../matching-fargate/leaseManager';
import { createLogger } from '../../../matching-fargate/logger';
import { MatcherWorker } from '../../../matching-fargate/matcherWorker';
import { Metrics } from '../../../matching-fargate/metrics';

export interface Trader {
  readonly accountId: number;
  readonly apiKey: string;
  readonly secret: string;
}

export interface LocalExchange {
  readonly local: LocalEmulators;
  readonly deps: Deps;
  readonly gateway: LocalGateway;
  /** Opens and funds an account and gives it an API key with READ and TRADE. */
  trader(accountId: number, funds?: string): Promise<Trader>;
  /** Lists a symbol through the matcher and waits until the read side knows it. */
  listSymbol(spec: SymbolSpec): Promise<void>;
  stop(): Promise<void>;
}

export async function startExchange(options: { matcher?: boolean } = {}): Promise<LocalExchange> {
  const local = await startEmulators();
  const { clients, names } = local;
  const documents = clients.documents;
  const deps = createDeps(clients, names, { resultTimeoutMs: 10_000 });
  const gateway = await startGateway({ deps, pingIntervalMs: 1_000 });
  let worker: MatcherWorker | undefined;
  let poller: StreamPoller | undefined;
  let fanoutPoster: ConnectionPoster | undefined;

  if (options.matcher) {
    const stores = {
      events: new EventStore(documents, names.tables.events),
      snapshots: new SnapshotStore(documents, names.tables.snapshots),
    };
    const leases = new LeaseManager(documents, clients.kinesis, {
      table: names.tables.leases,
      streamName: names.streams.commands,
      workerId: 'test-matcher',
      leaseDurationMs: 10_000,
    });
    worker = new MatcherWorker(
      clients.kinesis,
      leases,
      stores,
      {
        streamName: names.streams.commands,
        batchLimit: 500,
        idlePollMs: 20,
        leaseSafetyMs: 2_000,
        snapshotEveryEvents: 10_000,
        snapshotEveryMs: 600_000,
        snapshotsKept: 2,
        renewIntervalMs: 1_000,
        shardSyncIntervalMs: 600_000,
      },
      new Metrics(),
      createLogger({ service: 'matcher' }, 'error'),
    );
    await worker.start();
    fanoutPoster = managementApiPoster(gateway.managementEndpoint);
    const projector = createProjector(
      new ProjectionProgress(documents, names.tables.consumerCheckpoints),
      new SymbolDirectory(documents, names.tables.symbols),
      readModels(clients, names, new AccountStore(documents, names.tables.accounts)),
    );
    const fanout = createFanout(fanoutDeps(clients, names, fanoutPoster));
    poller = new StreamPoller(
      clients,
      names,
      [
        { name: 'projector', handle: projector },
        { name: 'fanout', handle: fanout },
      ],
      { idleMs: 10 },
    );
    poller.start();
  }

  return {
    local,
    deps,
    gateway,
    async trader(accountId, funds = '100000') {
      const accounts = new AccountStore(documents, names.tables.accounts);
      await accounts.open(accountId);
      const outcome = await accounts.decide(accountId, (state) =>
        deposit(state, parseMoney(funds)!, `fund-${accountId}`),
      );
      if (!outcome.ok) throw new Error(`could not fund account ${accountId}`);
      const key = await new ApiKeyStore(documents, names.tables.apiKeys).create(
        accountId,
        ['READ', 'TRADE'],
        'test',
      );
      return { accountId, apiKey: key.apiKey, secret: key.secret };
    },
    async listSymbol(spec) {
      await clients.kinesis.send(
        new PutRecordCommand({
          StreamName: names.streams.commands,
          PartitionKey: spec.symbol,
          Data: encodeCommand({
            v: 1,
            commandId: `list-${spec.symbol}`,
            symbol: spec.symbol,
            type: 'ListSymbol',
            spec,
          }),
        }),
      );
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        deps.symbols.invalidate();
        if ((await deps.symbols.get(spec.symbol)) !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${spec.symbol} was not listed in time`);
    },
    async stop() {
      await poller?.stop();
      await worker?.stop();
      await gateway.close();
      fanoutPoster?.close();
      await local.stop();
    },
  };
}
