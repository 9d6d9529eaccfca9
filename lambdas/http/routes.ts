import { accountRoutes } from './accountRoutes';
import type { Route } from './route';
import { tradingRoutes } from './tradingRoutes';

/** Every REST route of the contract (api-contract.md), in one table the CDK also reads to create API routes. */
export const routes: readonly Route[] = [...tradingRoutes, ...accountRoutes];
