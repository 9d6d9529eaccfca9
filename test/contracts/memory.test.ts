// Every port's contract against the in-memory adapters (adapters/memory): the same suites as aws.test.ts, so
// the adapters the application tests run on behave as the production ones do.

import { MemoryAccountShardLeases } from '../../adapters/memory/accountShardLeases';
import { MemoryAccountStore } from '../../adapters/memory/accountStore';
import { MemoryApiKeyStore } from '../../adapters/memory/apiKeyStore';
import { MemoryCommandBus } from '../../adapters/memory/commandBus';
import {
  MemoryConnectionPoster,
  MemoryConnectionStore,
  MemoryListenerChanges,
  MemorySubscriptionStore,
} from '../../adapters/memory/connections';
import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { MemoryIdSlots } from '../../adapters/memory/idSlots';
import { MemoryListenKeyStore } from '../../adapters/memory/listenKeyStore';
import { MemoryOperatorLog } from '../../adapters/memory/operatorLog';
import { memoryPorts } from '../../adapters/memory/ports';
import { MemoryRateLimiter } from '../../adapters/memory/rateLimiter';
import { MemoryRequestLog } from '../../adapters/memory/requestLog';
import { MemorySnapshotStore } from '../../adapters/memory/snapshotStore';
import { accessContract } from './access.contract';
import { accountShardLeasesContract } from './accountShardLeases.contract';
import { accountStoreContract } from './accountStore.contract';
import { commandBusContract } from './commandBus.contract';
import { connectionsContract, posterContract } from './connections.contract';
import { eventLogContract } from './eventLog.contract';
import { operatorLogContract } from './operatorLog.contract';
import { readModelsContract } from './readModelStores.contract';
import { snapshotStoreContract } from './snapshotStore.contract';
import { unique } from './support';

describe('in-memory adapters', () => {
  eventLogContract((clock) => new MemoryEventLog(clock));

  snapshotStoreContract((archiveEvery) => new MemorySnapshotStore(archiveEvery));

  operatorLogContract(() => new MemoryOperatorLog());

  commandBusContract(() => {
    const bus = new MemoryCommandBus();
    return {
      bus,
      read: async (shardId) => [...bus.recordsOf(shardId)],
      unreachable: () => {
        const failing = new MemoryCommandBus();
        failing.failNext(Number.MAX_SAFE_INTEGER);
        return failing;
      },
    };
  });

  accountShardLeasesContract(() => new MemoryAccountShardLeases());

  accountStoreContract((clock) => new MemoryAccountStore(clock));

  accessContract({
    apiKeys: () => new MemoryApiKeyStore(),
    listenKeys: () => new MemoryListenKeyStore(),
    rateLimiter: (clock, limits) => new MemoryRateLimiter(limits, clock),
    requests: (clock) => new MemoryRequestLog(clock),
    idSlots: () => new MemoryIdSlots(),
  });

  readModelsContract((clock) => memoryPorts({ clock }));

  connectionsContract((clock) => {
    const listenerChanges = new MemoryListenerChanges(clock);
    return {
      connections: new MemoryConnectionStore(listenerChanges),
      subscriptions: new MemorySubscriptionStore(listenerChanges),
      listenerChanges,
    };
  });

  posterContract(async () => {
    const poster = new MemoryConnectionPoster();
    return {
      poster,
      connect: async () => {
        const connectionId = `memory-${unique()}`;
        poster.connect(connectionId);
        let read = 0;
        return {
          connectionId,
          next: async () => {
            const message = poster.received(connectionId)[read];
            if (message === undefined) throw new Error('nothing more was received');
            read++;
            return message;
          },
          close: async () => undefined,
        };
      },
    };
  });
});
