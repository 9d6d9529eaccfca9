import { accountQueryRoutes } from './accountQueries';
import { accountSettingRoutes } from './accountSettings';
import { algoOrderRoutes } from './algoOrders';
import { futuresMarketDataRoutes } from './futuresMarketData';
import { liquidationQueryRoutes } from './liquidationQueries';
import { listenKeyRoutes } from './listenKey';
import { marketDataRoutes } from './marketData';
import { orderEntryRoutes } from './orderEntry';
import type { Route } from './route';

/**
 * Every REST route of the contract (api-contract.md), one file per group: market data, order entry, account
 * settings, listen keys, account queries. The CDK reads the table too, to create one API route per route.
 */
export const routes: readonly Route[] = [
  ...marketDataRoutes,
  ...futuresMarketDataRoutes,
  ...orderEntryRoutes,
  ...algoOrderRoutes,
  ...accountSettingRoutes,
  ...listenKeyRoutes,
  ...accountQueryRoutes,
  ...liquidationQueryRoutes,
];
