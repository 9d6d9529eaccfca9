import {
  closeListenKey,
  extendActiveListenKey,
  openListenKey,
} from '../../application/listenKeys/listenKeys';
import { callerOf, type Route } from './route';

/** User data stream keys (API key only, no signature): create or reuse, keep alive, close. */
export const listenKeyRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (req) => ({ listenKey: (await openListenKey(req.ctx, callerOf(req).accountId)).listenKey }),
  },
  {
    method: 'PUT',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (req) => ({
      listenKey: (await extendActiveListenKey(req.ctx, callerOf(req).accountId)).listenKey,
    }),
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (req) => {
      await closeListenKey(req.ctx, callerOf(req).accountId);
      return {};
    },
  },
];
