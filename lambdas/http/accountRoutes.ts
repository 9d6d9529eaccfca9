import { UnknownAccount } from '../../adapters/accounts/accountStore';
import { setLeverage } from '../../core/accounts/decideAccount';
import { Rejections } from '../../core/errors';
import { maxNotionalValue } from '../../core/projections/riskBracket';
import { ApiError } from '../shared/apiError';
import { listedSymbol } from '../shared/orderEntry';
import {
  leverageParams,
  marginTypeParams,
  positionModeParams,
  signedOnlyParams,
} from '../shared/orderRequests';
import { validate } from '../shared/validation';
import { callerOf, type Route } from './route';

/** Position and account settings, and user data stream keys. */
export const accountRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/leverage',
    security: 'TRADE',
    weight: 1,
    handle: async (c) => {
      const { symbol, leverage } = validate(leverageParams, c.params);
      const instrument = await listedSymbol(c.deps, symbol);
      const max = instrument.spec.maxLeverage;
      const outcome = await c.deps.accounts
        .decide(callerOf(c).accountId, (state) => setLeverage(state, symbol, leverage, max))
        .catch((error) => {
          if (error instanceof UnknownAccount) throw ApiError.of(Rejections.rejectedMbxKey);
          throw error;
        });
      if (!outcome.ok) throw ApiError.of(outcome.rejection);
      return { leverage, maxNotionalValue: maxNotionalValue(instrument, leverage), symbol };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/marginType',
    security: 'TRADE',
    weight: 1,
    handle: async (c) => {
      const { symbol, marginType } = validate(marginTypeParams, c.params);
      await listedSymbol(c.deps, symbol);
      // Cross margin is the only mode until isolated margin exists; Binance answers a no-op change with -4046.
      if (marginType === 'CROSSED') throw ApiError.of(Rejections.noNeedToChangeMarginType);
      throw new ApiError(400, -4047, 'Isolated margin is not supported: all positions use cross margin.');
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/positionSide/dual',
    security: 'USER_DATA',
    weight: 30,
    handle: async (c) => {
      validate(signedOnlyParams, c.params);
      return { dualSidePosition: false };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/positionSide/dual',
    security: 'TRADE',
    weight: 1,
    handle: async (c) => {
      const { dualSidePosition } = validate(positionModeParams, c.params);
      if (!dualSidePosition) throw ApiError.of(Rejections.noNeedToChangePositionSide);
      throw new ApiError(400, -4059, 'Hedge mode is not supported: positions are one-way (BOTH).');
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (c) => ({ listenKey: (await c.deps.listenKeys.open(callerOf(c).accountId)).listenKey }),
  },
  {
    method: 'PUT',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (c) => {
      const accountId = callerOf(c).accountId;
      const key = await c.deps.listenKeys.active(accountId);
      const extended = key === undefined ? undefined : await c.deps.listenKeys.keepAlive(accountId, key);
      if (extended === undefined) throw ApiError.of(Rejections.invalidListenKey);
      return { listenKey: extended.listenKey };
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/listenKey',
    security: 'USER_STREAM',
    weight: 1,
    handle: async (c) => {
      const accountId = callerOf(c).accountId;
      const key = await c.deps.listenKeys.active(accountId);
      if (key !== undefined) await c.deps.listenKeys.close(accountId, key);
      return {};
    },
  },
];
