import { AccountStore } from '../../../adapters/accounts/accountStore';
import { SymbolDirectory } from '../../../adapters/markets/symbolDirectory';
import { ProjectionProgress } from '../../../adapters/readModels/projectionProgress';
import { deposit } from '../../../core/accounts/decideAccount';
import { createHttpApp } from '../../../lambdas/http/app';
import { routes } from '../../../lambdas/http/routes';
import { createDeps } from '../../../lambdas/shared/deps';
import { createProjector } from '../../../lambdas/stream/projector';
import { readModels } from '../../../lambdas/stream/readModels';
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
  const t = names.tables;
  const store = new AccountStore(clients.documents, t.accounts);
  for (const id of Object.values(ACCOUNTS)) {
    await store.open(id);
    await store.decide(id, (state) => deposit(state, DEPOSIT, 'seed'));
  }
  const session = scriptedSession();
  const records = await commitItems(clients, names, 'BTCUSDT', session.outcomes);
  const project = createProjector(
    new ProjectionProgress(clients.documents, t.consumerCheckpoints),
    new SymbolDirectory(clients.documents, t.symbols),
    readModels(clients, names, store),
  );
  const response = await project({ Records: records });
  if (response.batchItemFailures.length > 0) throw new Error('projection failed');
  const clock = () => NOW;
  const deps = createDeps(clients, names, { clock });
  const keys = {} as Record<keyof typeof ACCOUNTS, Key>;
  for (const [name, id] of Object.entries(ACCOUNTS)) {
    const key = await deps.apiKeys.create(id, ['READ', 'TRADE'], name);
    keys[name as keyof typeof ACCOUNTS] = { apiKey: key.apiKey, secret: key.secret };
  }
  return {
    emulators,
    client: restClient(createHttpApp(deps, routes), clock),
    keys,
    lastSeq: session.events[session.events.length - 1]!.seq,
  };
}
