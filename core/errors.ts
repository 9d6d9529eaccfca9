/**
 * The error codes of the public contract (Binance USDⓈ-M Futures), one place for the domain and the API.
 * A rejection always carries both: the numeric code clients switch on and the message Binance sends.
 */
export interface Rejection {
  readonly code: number;
  readonly msg: string;
}

function rejection(code: number, msg: string): Rejection {
  return Object.freeze({ code, msg });
}

export const Rejections = {
  unknown: rejection(-1000, 'An unknown error occured while processing the request.'),
  tooManyRequests: rejection(
    -1003,
    'Too many requests; current limit is %s requests per minute. Please use the websocket for live updates to avoid polling the API.',
  ),
  invalidTimestamp: rejection(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  timestampAhead: rejection(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  invalidSignature: rejection(-1022, 'Signature for this request is not valid.'),
  illegalChars: rejection(-1100, "Illegal characters found in parameter '%s'; legal range is '%s'."),
  tooManyParameters: rejection(-1101, 'Duplicate values for a parameter detected.'),
  mandatoryParam: rejection(-1102, "Mandatory parameter '%s' was not sent, was empty/null, or malformed."),
  eitherOrderReference: rejection(
    -1102,
    "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
  ),
  unknownParam: rejection(-1103, 'An unknown parameter was sent.'),
  unreadParameters: rejection(-1104, 'Not all sent parameters were read.'),
  paramNotRequired: rejection(-1106, "Parameter '%s' sent when not required."),
  badPrecision: rejection(-1111, 'Precision is over the maximum defined for this asset.'),
  invalidTimeInForce: rejection(-1115, 'Invalid timeInForce.'),
  invalidOrderType: rejection(-1116, 'Invalid orderType.'),
  invalidSide: rejection(-1117, 'Invalid side.'),
  invalidSymbol: rejection(-1121, 'Invalid symbol.'),
  invalidSymbolStatus: rejection(-1122, 'Invalid symbol status.'),
  invalidListenKey: rejection(-1125, 'This listenKey does not exist.'),
  invalidParameter: rejection(-1130, "Data sent for parameter '%s' is not valid."),
  newOrderRejected: rejection(-2010, 'NEW_ORDER_REJECTED'),
  unknownOrderSent: rejection(-2011, 'Unknown order sent.'),
  noSuchOrder: rejection(-2013, 'Order does not exist.'),
  badApiKeyFormat: rejection(-2014, 'API-key format invalid.'),
  rejectedMbxKey: rejection(-2015, 'Invalid API-key, IP, or permissions for action.'),
  marginInsufficient: rejection(-2019, 'Margin is insufficient.'),
  accountInLiquidation: rejection(
    -2019,
    'Margin is insufficient: the account is being liquidated; it takes new orders again once its margin is safe.',
  ),
  orderWouldTrigger: rejection(-2021, 'Order would immediately trigger.'),
  reduceOnlyRejected: rejection(-2022, 'ReduceOnly Order is rejected.'),
  maxOpenOrders: rejection(-2025, 'Reach max open order limit.'),
  maxNotionalExceeded: rejection(-2027, 'Exceeded the maximum allowable position at current leverage.'),
  leverageTooLow: rejection(-2028, 'Leverage is smaller than permitted: insufficient margin balance.'),
  priceLessThanZero: rejection(-4001, 'Price less than 0.'),
  priceAboveMax: rejection(-4002, 'Price greater than max price.'),
  quantityNotPositive: rejection(-4003, 'Quantity less than zero.'),
  quantityBelowMin: rejection(-4004, 'Quantity less than min quantity.'),
  quantityAboveMax: rejection(-4005, 'Quantity greater than max quantity.'),
  priceBelowMin: rejection(-4013, 'Price less than min price.'),
  priceNotOnTick: rejection(-4014, 'Price not increased by tick size.'),
  invalidClientOrderId: rejection(-4015, 'Client order id is not valid.'),
  priceAboveBand: rejection(-4016, 'Price is higher than mark price multiplier cap.'),
  quantityNotOnStep: rejection(-4023, 'Qty not increased by step size.'),
  priceBelowBand: rejection(-4024, 'Price is lower than mark price multiplier floor.'),
  invalidLeverage: rejection(-4028, 'Leverage %s is not valid'),
  maxStopOrders: rejection(-4045, 'Reach max stop order limit.'),
  noNeedToChangeMarginType: rejection(-4046, 'No need to change margin type.'),
  noNeedToChangePositionSide: rejection(-4059, 'No need to change position side.'),
  duplicateClientOrderId: rejection(-4116, 'clientOrderId is duplicated'),
  reduceOnlyMarginCheckFailed: rejection(
    -4118,
    'ReduceOnly Order Failed. Please check your existing position and open orders',
  ),
  marketOrderOutsideBand: rejection(
    -4131,
    "The counterparty's best price does not meet the PERCENT_PRICE filter limit",
  ),
  notionalTooSmall: rejection(
    -4164,
    "Order's notional must be no smaller than %s (unless you choose reduce only)",
  ),
  fokNotFilled: rejection(
    -5021,
    'Due to the order could not be filled immediately, the FOK order has been rejected. The order will not be recorded in the order history',
  ),
  postOnlyWouldTake: rejection(
    -5022,
    'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history',
  ),
  amendSymbolNotTrading: rejection(
    -5024,
    'Symbol is not in trading status. Order amendment is not permitted.',
  ),
  amendLimitOnly: rejection(-5025, 'Only limit order is supported.'),
  amendLimitReached: rejection(-5026, 'Exceed maximum modify order limit.'),
  noNeedToModify: rejection(-5027, 'No need to modify the order.'),
  amendNotionalTooSmall: rejection(-5029, "Order's notional must be no smaller than %s"),
  goodTillDateOutOfRange: rejection(
    -5040,
    'The goodTillDate timestamp must be greater than the current time plus 600 seconds and smaller than 253402300799000',
  ),
  // Operator and scheduler commands (index feed, funding); Binance has no public counterpart.
  noIndexPrice: rejection(-1130, 'The symbol has no index price yet, so no mark price to settle funding at.'),
  fundingNotDue: rejection(-1130, 'Funding time %s has not come yet.'),
  fundingAlreadySettled: rejection(-1130, 'Funding at %s is already settled.'),
} as const;

/** Fills the `%s` placeholders of a contract message. */
export function withDetail(base: Rejection, ...details: string[]): Rejection {
  let i = 0;
  return { code: base.code, msg: base.msg.replace(/%s/g, () => details[i++] ?? '') };
}
