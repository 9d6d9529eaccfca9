import { AdlQuantiles } from '../../application/queries/adlQuantile';
import { signedSymbolParams } from '../../binance/requests/queryRequests';
import { validate } from '../../binance/validation';
import { callerOf, type Route } from './route';

/** One ranking cache per context (one per Lambda container, one per local gateway): see AdlQuantiles. */
const perContext = new WeakMap<object, AdlQuantiles>();

/**
 * SIGNED liquidation queries besides forceOrders (accountQueries.ts): GET /fapi/v1/adlQuantile, the caller's own
 * positions' ADL quintiles (the account id comes from the API key, never from a parameter).
 */
export const liquidationQueryRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/adlQuantile',
    security: 'USER_DATA',
    weight: () => 5,
    handle: async (req) => {
      const { symbol } = validate(signedSymbolParams, req.params);
      let quantiles = perContext.get(req.ctx);
      if (quantiles === undefined) {
        quantiles = new AdlQuantiles(req.ctx);
        perContext.set(req.ctx, quantiles);
      }
      return quantiles.of(callerOf(req), symbol);
    },
  },
];
