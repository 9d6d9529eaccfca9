// Every port's contract against the production adapters: DynamoDB and Kinesis through the real AWS SDK, on
// dynalite and kinesalite started here, and the API Gateway Management API as the local gateway serves it.

import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { DynamoApiKeyStore } from '../../adapters/aws/access/apiKeyStore';
import { DynamoIdSlots } from '../../adapters/aws/access/idSlots';
import { DynamoListenKeyStore } from '../../adapters/aws/access/listenKeyStore';
import { DynamoRateLimiter } from '../../adapters/aws/access/rateLimiter';
import { DynamoRequestLog } from '../../adapters/aws/access/requestLog';
import { DynamoAccountShardLeases } from '../../adapters/aws/accounts/accountShardLeases';
import { DynamoAccountStore } from '../../adapters/aws/accounts/accountStore';
import { KinesisCommandBus } from '../../adapters/aws/commands/commandBus';
import { awsConnectionPorts } from '../../adapters/aws/compose/connections';
import { awsIngressPorts } from '../../adapters/aws/compose/ingress';
import { awsProjectorPorts } from '../../adapters/aws/compose/projector';
import { awsRebuildPorts } from '../../adapters/aws/compose/rebuild';
import { managementApiPoster } from '../../adapters/aws/connections/connectionPoster';
import { DynamoListenerChanges } from '../../adapters/aws/connections/listenerChanges';
import { DynamoEventLog } from '../../adapters/aws/eventStore/eventStore';
import { DynamoSnapshotStore } from '../../adapters/aws/eventStore/snapshotStore';
import { DynamoOperatorLog } from '../../adapters/aws/operator/operatorLog';
import { ingressContext } from '../../application/context';
import type { ConnectionPoster } from '../../application/ports/connections';
import { EMPTY_TICKER } from '../../application/ports/marketData';
import type { WsContext } from '../../lambdas/websocket/app';
import { type LocalEmulators, startEmulators } from '../../local/emulators';
import { type LocalGateway, startGateway } from '../../local/gateway/gateway';
import { accessContract } from './access.contract';
import { accountShardLeasesContract } from './accountShardLeases.contract';
import { accountStoreContract } from './accountStore.contract';
import { commandBusContract } from './commandBus.contract';
import { type ConnectedClient, connectionsContract, posterContract } from './connections.contract';
import { eventLogContract } from './eventLog.contract';
import { operatorLogContract } from './operatorLog.contract';
import { readModelsContract } from './readModelStores.contract';
import { snapshotStoreContract } from './snapshotStore.contract';
import { unique } from './support';

jest.setTimeout(30_000);

let local: LocalEmulators;
let gateway: LocalGateway;
let ctx: WsContext;
beforeAll(async () => {
  local = await startEmulators();
  ctx = {
    ...ingressContext(awsIngressPorts(local.clients, local.names)),
    ...awsConnectionPorts(local.clients, local.names),
  };
  gateway = await startGateway({ ctx });
}, 60_000);
const posters: ConnectionPoster[] = [];
afterAll(async () => {
  for (const poster of posters) poster.close();
  await gateway?.close();
  await local?.stop();
});

const documents = () => local.clients.documents;
const tables = () => local.names.tables;

describe('DynamoDB and Kinesis adapters', () => {
  eventLogContract((clock) => new DynamoEventLog(documents(), tables().events, clock));

  operatorLogContract(() => new DynamoOperatorLog(documents(), tables().operatorActions));

  snapshotStoreContract(
    (archiveEvery) => new DynamoSnapshotStore(documents(), tables().snapshots, Date.now, archiveEvery),
  );

  commandBusContract(() => ({
    bus: new KinesisCommandBus(local.clients.kinesis, local.names.streams.commands),
    read: async (shardId) => {
      const kinesis = local.clients.kinesis;
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: local.names.streams.commands,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const records = [];
      for (let iterator = ShardIterator; iterator !== undefined; ) {
        const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const r of page.Records ?? [])
          records.push({ sequenceNumber: r.SequenceNumber!, partitionKey: r.PartitionKey!, data: r.Data! });
        iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
      }
      return records;
    },
    unreachable: () => new KinesisCommandBus(local.clients.kinesis, `no-such-stream-${unique()}`, 1),
  }));

  accountShardLeasesContract(
    (clock) => new DynamoAccountShardLeases(documents(), tables().riskLeases, clock),
  );

  accountStoreContract((clock) => new DynamoAccountStore(documents(), tables().accounts, clock));

  accessContract({
    apiKeys: (clock) => new DynamoApiKeyStore(documents(), tables().apiKeys, 0, clock),
    listenKeys: () =>
      new DynamoListenKeyStore(
        documents(),
        tables().listenKeys,
        new DynamoListenerChanges(documents(), tables().listenerChanges),
      ),
    rateLimiter: (clock, limits) => new DynamoRateLimiter(documents(), tables().rateLimits, limits, clock),
    requests: (clock) => new DynamoRequestLog(documents(), tables().requests, clock),
    idSlots: () => new DynamoIdSlots(documents(), tables().idSlots),
  });

  readModelsContract((clock) => {
    const ports = awsProjectorPorts(local.clients, local.names, clock);
    return { ...ports, readModelReset: awsRebuildPorts(local.clients, local.names).readModelReset };
  });

  connectionsContract((clock) => awsConnectionPorts(local.clients, local.names, clock));

  test('a ticker item stored before open interest was kept reads as not knowing it (null), not as 0', async () => {
    const { tickers } = awsProjectorPorts(local.clients, local.names, Date.now);
    const symbol = `OLD${unique()}USDT`;
    const { openInterest: _, ...older } = { ...EMPTY_TICKER, lastPrice: 5, updateId: 3 };
    await documents().send(
      new PutCommand({
        TableName: tables().tickers,
        Item: { symbol, view: JSON.stringify(older), lastSeq: 3 },
      }),
    );
    expect(await tickers.get(symbol)).toEqual({
      ...EMPTY_TICKER,
      lastPrice: 5,
      updateId: 3,
      openInterest: null,
    });
    await tickers.putMany(symbol, [{ ...EMPTY_TICKER, updateId: 4 }], false);
    expect((await tickers.get(symbol)).openInterest).toBe(0);
  });

  posterContract(async () => {
    const poster = managementApiPoster(gateway.managementEndpoint);
    posters.push(poster);
    return {
      poster,
      connect: async (): Promise<ConnectedClient> => {
        const received: string[] = [];
        const waiters: (() => void)[] = [];
        const socket = new WebSocket(`${gateway.wsUrl}/ws`);
        socket.on('message', (data) => {
          received.push(data.toString());
          for (const wake of waiters.splice(0)) wake();
        });
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        const next = async () => {
          while (received.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
          return received.shift()!;
        };
        // The connection id is the gateway's: found through a stream only this connection subscribes to.
        const stream = `c${unique()}usdt@trade`;
        socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: [stream], id: 1 }));
        await next();
        const [subscriber] = await ctx.subscriptions.subscribersOf(stream);
        return {
          connectionId: subscriber!.connectionId,
          next,
          close: async () => {
            if (socket.readyState === WebSocket.CLOSED) return;
            await new Promise((resolve) => {
              socket.once('close', resolve);
              socket.close();
            });
          },
        };
      },
    };
  });
});
