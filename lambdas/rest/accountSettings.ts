import { changeLeverage } from '../../application/accounts/leverage';
import { Rejected } from '../../application/rejected';
import { listedSymbol } from '../../application/symbols/listedSymbol';
import {
  leverageParams,
  marginTypeParams,
  positionModeParams,
  signedOnlyParams,
} from '../../binance/requests/orderRequests';
import { validate } from '../../binance/validation';
import { Rejections } from '../../core/errors';
import { callerOf, type Route } from './route';

/**
 * Position and account settings. Leverage is the account's own per symbol; margin type and position mode have
 * one setting each until isolated margin and hedge mode exist (cross margin, one-way positions).
 */
export const accountSettingRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/fapi/v1/leverage',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      const { symbol, leverage } = validate(leverageParams, req.params);
      const changed = await changeLeverage(req.ctx, callerOf(req), symbol, leverage);
      return { leverage: changed.leverage, maxNotionalValue: changed.maxNotionalValue, symbol };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/marginType',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      const { symbol, marginType } = validate(marginTypeParams, req.params);
      await listedSymbol(req.ctx, symbol);
      // Cross margin is the only mode until isolated margin exists; Binance answers a no-op change with -4046.
      // ISOLATED is a value shardex does not take (-1130), not Binance's -4047, which tells the caller to close
      // its open orders first: that would send a bot looking for a condition that is not the cause.
      if (marginType === 'CROSSED') throw new Rejected(Rejections.noNeedToChangeMarginType);
      throw new Rejected({
        code: -1130,
        msg: "Data sent for parameter 'marginType' is not valid: isolated margin is not supported, all positions use cross margin.",
      });
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/positionSide/dual',
    security: 'USER_DATA',
    weight: 30,
    handle: async (req) => {
      validate(signedOnlyParams, req.params);
      return { dualSidePosition: false };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/positionSide/dual',
    security: 'TRADE',
    weight: 1,
    handle: async (req) => {
      const { dualSidePosition } = validate(positionModeParams, req.params);
      if (!dualSidePosition) throw new Rejected(Rejections.noNeedToChangePositionSide);
      // As for ISOLATED above: a value not taken (-1130), not the "no need to change" -4059 of the setting in force.
      throw new Rejected({
        code: -1130,
        msg: "Data sent for parameter 'dualSidePosition' is not valid: hedge mode is not supported, positions are one-way (BOTH).",
      });
    },
  },
];
