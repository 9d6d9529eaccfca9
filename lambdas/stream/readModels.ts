import type { AccountStore } from '../../adapters/accounts/accountStore';
import type { AwsClients } from '../../adapters/aws/clients';
import { DepthBook } from '../../adapters/readModels/depthBook';
import type { ResourceNames } from '../../lib/resources';
import type { ReadModel } from './projector';
import { accountsModel } from './readModels/accounts';
import { depthModel } from './readModels/depth';
import { ordersModel } from './readModels/orders';
import { symbolsModel } from './readModels/symbols';
import { tickersModel } from './readModels/tickers';

/**
 * Every read model the projector keeps, in the order they are applied to each batch: symbols first (the others
 * format with its spec), depth before tickers (the touch is read from the book), settlement last.
 */
export function readModels(clients: AwsClients, names: ResourceNames, accounts: AccountStore): ReadModel[] {
  const t = names.tables;
  const book = new DepthBook(clients.documents, t.depth);
  return [
    symbolsModel(clients.documents, t.symbols),
    ordersModel(clients.documents, t.orders),
    depthModel(book),
    tickersModel(clients.documents, t.tickers, book),
    accountsModel(accounts),
  ];
}
