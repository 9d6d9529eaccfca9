import { DynamoAccountStore } from '../../../adapters/aws/accounts/accountStore';
import { awsIngressPorts } from '../../../adapters/aws/compose/ingress';
import { awsProjectorPorts } from '../../../adapters/aws/compose/projector';
import { batchOf } from '../../../adapters/aws/eventStore/eventsStream';
import { Accounts } from '../../../application/accounts/accounts';
import { createApiKey } from '../../../application/accounts/apiKeys';
import { ingressContext, projectorContext } from '../../../application/context';
import { deposit } from '../../../core/accounts/decideAccount';
import { createProjectorHandler } from '../../../lambdas/projector/app';
import { createRestApi } from '../../../lambdas/rest/app';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';
import { commitItems } from './eventItems';
import { type Key, restClient } from './http';
import { ACCOUNTS, NOW, scriptedSession } from './scriptedMarket';

export const DEPOSIT = 10_000n * 100_000_000n;

export interface RouteFixture {
  readonly emulators: LocalEmulators;
  readonly client: ReturnType<typeof restClient>;
  readonly keys: Readonly<Record<keyof typeof ACCOUNTS, Key>>;
  readonly lastSeq: number;
}

/**
 * Dynalite with the scripted BTCUSDT session projected into every read model (one item per command, through the
 * projector), the accounts opened with 10,000 USDT each and an API key per account, and the REST app on top,
 * its clock stopped at NOW.
 */
export async function routeFixture(): Promise<RouteFixture> {
  const emulators = await startEmulators();
  const { clients, names } = emulators;
  const accounts = new Accounts(new DynamoAccountStore(clients.documents, names.tables.accounts));
  for (const id of Object.values(ACCOUNTS)) {
    await accounts.open(id);
    await accounts.decide(id, (state) => deposit(state, DEPOSIT, 'seed'));
  }
  const session = scriptedSession();
  const records = await commitItems(clients, names, 'BTCUSDT', session.outcomes);
  const project = createProjectorHandler(
    projectorContext(awsProjectorPorts(clients, names), accounts),
    batchOf,
  );
  const response = await project({ Records: records });
  if (response.batchItemFailures.length > 0) throw new Error('projection failed');
  const clock = () => NOW;
  const ctx = ingressContext(awsIngressPorts(clients, names, clock), { accounts });
  const keys = {} as Record<keyof typeof ACCOUNTS, Key>;
  for (const [name, id] of Object.entries(ACCOUNTS)) {
    const key = await createApiKey(ctx, id, ['READ', 'TRADE'], name);
    keys[name as keyof typeof ACCOUNTS] = { apiKey: key.apiKey, secret: key.secret };
  }
  return {
    emulators,
    client: restClient(createRestApi(ctx), clock),
    keys,
    lastSeq: session.events[session.events.length - 1]!.seq,
  };
}
