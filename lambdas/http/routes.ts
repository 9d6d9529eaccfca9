import { accountQueryRoutes } from './accountQueryRoutes';
import { accountRoutes } from './accountRoutes';
import { marketRoutes } from './marketRoutes';
import type { Route } from './route';
import { tradingRoutes } from './tradingRoutes';

/** Every REST route of the contract (api-contract.md), in one table the CDK also reads to create API routes. */
export const routes: readonly Route[] = [
  ...marketRoutes,
  ...tradingRoutes,
  ...accountRoutes,
  ...accountQueryRoutes,
];
