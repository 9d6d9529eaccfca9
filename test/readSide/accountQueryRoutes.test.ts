import { type RouteFixture, routeFixture } from './support/routeFixture';
import { NOW, T0, T1, T2 } from './support/scriptedMarket';

/**
 * The SIGNED account queries against dynalite, after the scripted session: account one sold 0.029 (two maker
 * fills at 65000.0, one taker fill at 64990.0), account two bought 0.025 at market and rests an ask, account
 * three bought 0.004 and rests the rest of its bid. The last price, 64990.0, is the mark price.
 */
let f: RouteFixture;
beforeAll(async () => {
  f = await routeFixture();
}, 60_000);
afterAll(() => f?.emulators.stop());

type Who = keyof RouteFixture['keys'];
const signed = (who: Who, path: string, params?: Record<string, string | number>) =>
  f.client.signed(path, f.keys[who], params);
const error = (code: number, msg: string, status = 400) => ({ status, body: { code, msg } });
const DAY = 86_400_000;

describe('orders', () => {
  const order12 = {
    orderId: 12,
    symbol: 'BTCUSDT',
    status: 'PARTIALLY_FILLED',
    clientOrderId: 'client-12',
    price: '65000.00',
    avgPrice: '65000.00000',
    origQty: '0.020',
    executedQty: '0.015',
    cumQty: '0.015',
    cumQuote: '975.0000',
    timeInForce: 'GTC',
    type: 'LIMIT',
    reduceOnly: false,
    closePosition: false,
    side: 'SELL',
    positionSide: 'BOTH',
    stopPrice: '0.00',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: 'LIMIT',
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: T0 + 1,
    updateTime: T1,
  };

  test('GET /order by orderId or origClientOrderId', async () => {
    expect(await signed('one', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 12 })).toEqual({
      status: 200,
      body: order12,
    });
    expect(
      (await signed('one', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'client-12' })).body,
    ).toEqual(order12);
  });

  test("GET /order: neither reference is -1102; an unknown order, or another account's, -2013", async () => {
    expect(await signed('one', '/fapi/v1/order', { symbol: 'BTCUSDT' })).toEqual(
      error(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!"),
    );
    expect(await signed('one', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 99 })).toEqual(
      error(-2013, 'Order does not exist.'),
    );
    expect(await signed('two', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 12 })).toEqual(
      error(-2013, 'Order does not exist.'),
    );
    expect(
      await signed('two', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'client-12' }),
    ).toEqual(error(-2013, 'Order does not exist.'));
  });

  test('GET /openOrder: an open order as GET /order shows it; neither reference -1102; unknown or not open -2013', async () => {
    expect(await signed('one', '/fapi/v1/openOrder', { symbol: 'BTCUSDT', orderId: 12 })).toEqual({
      status: 200,
      body: order12,
    });
    expect(await signed('one', '/fapi/v1/openOrder', { symbol: 'BTCUSDT' })).toEqual(
      error(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!"),
    );
    expect(await signed('two', '/fapi/v1/openOrder', { symbol: 'BTCUSDT', orderId: 12 })).toEqual(
      error(-2013, 'Order does not exist.'),
    );
    const filled = (await signed('one', '/fapi/v1/allOrders', { symbol: 'BTCUSDT' })).body.find(
      (o: { status: string }) => o.status === 'FILLED',
    );
    expect(await signed('one', '/fapi/v1/openOrder', { symbol: 'BTCUSDT', orderId: filled.orderId })).toEqual(
      error(-2013, 'Order does not exist.'),
    );
  });

  test('open orders: only the caller’s, in one symbol or all', async () => {
    const ids = async (who: Who, params?: Record<string, string>) =>
      (await signed(who, '/fapi/v1/openOrders', params)).body.map((o: { orderId: number }) => o.orderId);
    expect(await ids('one')).toEqual([12]);
    expect(await ids('two', { symbol: 'BTCUSDT' })).toEqual([13]);
    expect(await ids('three')).toEqual([14]);
    expect(await ids('stranger')).toEqual([]);
    expect(await signed('one', '/fapi/v1/openOrders', { symbol: 'NOPEUSDT' })).toEqual(
      error(-1121, 'Invalid symbol.'),
    );
  });

  test('all orders: every order of the caller, oldest first; from an orderId; within a time range', async () => {
    const ids = async (params: Record<string, string | number>) =>
      (await signed('one', '/fapi/v1/allOrders', { symbol: 'BTCUSDT', ...params })).body.map(
        (o: { orderId: number; status: string }) => `${o.orderId}:${o.status}`,
      );
    expect(await ids({})).toEqual(['11:FILLED', '12:PARTIALLY_FILLED', '16:FILLED']);
    expect(await ids({ orderId: 12 })).toEqual(['12:PARTIALLY_FILLED', '16:FILLED']);
    expect(await ids({ limit: 1 })).toEqual(['16:FILLED']);
    expect(await ids({ startTime: T2 - 1 })).toEqual(['16:FILLED']);
    expect(await ids({ endTime: T0 })).toEqual(['11:FILLED']);
    expect(
      await signed('one', '/fapi/v1/allOrders', {
        symbol: 'BTCUSDT',
        startTime: NOW - 8 * DAY,
        endTime: NOW,
      }),
    ).toEqual(error(-1127, 'More than 168 hours between startTime and endTime.'));
    expect(await signed('one', '/fapi/v1/allOrders', {})).toEqual(
      error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."),
    );
  });
});

describe('user trades', () => {
  const fill = (
    id: number,
    orderId: number,
    price: string,
    qty: string,
    quoteQty: string,
    commission: string,
    maker: boolean,
    time: number,
  ) => ({
    buyer: false,
    commission,
    commissionAsset: 'USDT',
    id,
    maker,
    orderId,
    price,
    qty,
    quoteQty,
    realizedPnl: '0.00000000',
    side: 'SELL',
    positionSide: 'BOTH',
    symbol: 'BTCUSDT',
    time,
  });
  const fills = [
    fill(1, 11, '65000.00', '0.010', '650.0000', '0.13000000', true, T1),
    fill(2, 12, '65000.00', '0.015', '975.0000', '0.19500000', true, T1),
    fill(3, 16, '64990.00', '0.004', '259.9600', '0.12998000', false, T2),
  ];

  test("the caller's fills with commission, realized PnL, maker and buyer", async () => {
    expect(await signed('one', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).toEqual({
      status: 200,
      body: fills,
    });
    expect((await signed('two', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body).toEqual([
      {
        ...fill(1, 15, '65000.00', '0.010', '650.0000', '0.32500000', false, T1),
        buyer: true,
        side: 'BUY',
      },
      {
        ...fill(2, 15, '65000.00', '0.015', '975.0000', '0.48750000', false, T1),
        buyer: true,
        side: 'BUY',
      },
    ]);
    expect((await signed('stranger', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body).toEqual([]);
  });

  test('by order, from an id, by time; fromId with a time is -1128, more than 7 days -1127', async () => {
    const ids = async (params: Record<string, string | number>) =>
      (await signed('one', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', ...params })).body.map(
        (t: { id: number }) => t.id,
      );
    expect(await ids({ orderId: 12 })).toEqual([2]);
    expect(await ids({ fromId: 2 })).toEqual([2, 3]);
    expect(await ids({ fromId: 2, limit: 1 })).toEqual([2]);
    expect(await ids({ limit: 1 })).toEqual([3]);
    expect(await ids({ startTime: T1 + 1 })).toEqual([3]);
    expect(await ids({ endTime: T1 })).toEqual([1, 2]);
    expect(await ids({ startTime: NOW + 1000 })).toEqual([]);
    expect(
      await signed('one', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', fromId: 1, startTime: T1 }),
    ).toEqual(error(-1128, 'Combination of optional parameters invalid.'));
    expect(
      await signed('one', '/fapi/v1/userTrades', {
        symbol: 'BTCUSDT',
        startTime: NOW - 8 * DAY,
        endTime: NOW,
      }),
    ).toEqual(error(-1127, 'More than 168 hours between startTime and endTime.'));
  });
});

describe('income and commission rate', () => {
  const commission = (income: string, tradeId: string, time: number) => ({
    symbol: 'BTCUSDT',
    incomeType: 'COMMISSION',
    income,
    asset: 'USDT',
    info: 'COMMISSION',
    time,
    tranId: expect.any(Number),
    tradeId,
  });

  test("GET /income: the caller's own wallet changes, one commission per fill with its trade id", async () => {
    const { status, body } = await signed('one', '/fapi/v1/income');
    expect(status).toBe(200);
    // The seed deposit (a TRANSFER, at the store's time) and the fills' commissions; opening PnL is zero: none.
    expect(body.filter((e: { incomeType: string }) => e.incomeType !== 'TRANSFER')).toEqual([
      commission('-0.13000000', '1', T1),
      commission('-0.19500000', '2', T1),
      commission('-0.12998000', '3', T2),
    ]);
    expect(body.find((e: { incomeType: string }) => e.incomeType === 'TRANSFER')).toMatchObject({
      symbol: '',
      income: '10000.00000000',
      tradeId: '',
    });
    expect(new Set(body.map((e: { tranId: number }) => e.tranId)).size).toBe(body.length);
    // Account two sees only its own two commissions.
    expect(
      (await signed('two', '/fapi/v1/income', { incomeType: 'COMMISSION' })).body.map(
        (e: { income: string }) => e.income,
      ),
    ).toEqual(['-0.32500000', '-0.48750000']);
  });

  test('GET /income filters by type, symbol and inclusive times, and pages by limit', async () => {
    const incomes = async (params: Record<string, string | number>) =>
      (await signed('one', '/fapi/v1/income', params)).body.map((e: { income: string }) => e.income);
    expect(await incomes({ incomeType: 'COMMISSION', startTime: T2, endTime: T2 })).toEqual(['-0.12998000']);
    expect(await incomes({ symbol: 'BTCUSDT', startTime: T0, endTime: T1 })).toEqual([
      '-0.13000000',
      '-0.19500000',
    ]);
    expect(await incomes({ symbol: 'BTCUSDT', startTime: T0, limit: 1, page: 2 })).toEqual(['-0.19500000']);
    expect(await incomes({ incomeType: 'WELCOME_BONUS' })).toEqual([]);
    // Without times: the last 7 days before NOW only.
    expect(await incomes({ incomeType: 'COMMISSION', endTime: T0 - 1 })).toEqual([]);
    expect(await signed('one', '/fapi/v1/income', { incomeType: 'GIFT' })).toEqual(
      error(-1130, "Data sent for parameter 'incomeType' is not valid."),
    );
    expect(await signed('one', '/fapi/v1/income', { startTime: T2, endTime: T1 })).toEqual(
      error(-1023, 'Start time is greater than end time.'),
    );
    expect((await signed('one', '/fapi/v1/income', { symbol: 'NOPEUSDT' })).body.code).toBe(-1121);
  });

  test("GET /commissionRate: the symbol's maker and taker rates", async () => {
    expect(await signed('one', '/fapi/v1/commissionRate', { symbol: 'BTCUSDT' })).toEqual({
      status: 200,
      body: { symbol: 'BTCUSDT', makerCommissionRate: '0.0002', takerCommissionRate: '0.0005' },
    });
    expect((await signed('one', '/fapi/v1/commissionRate')).body.code).toBe(-1102);
  });
});

describe('account, balance, positions', () => {
  // Account two: 10,000 USDT − 0.8125 taker fee; long 0.025 at 65000.0 marked at 64990.0.
  const totals = {
    totalInitialMargin: '81.23750000',
    totalMaintMargin: '6.49900000',
    totalWalletBalance: '9999.18750000',
    totalUnrealizedProfit: '-0.25000000',
    totalMarginBalance: '9998.93750000',
    totalPositionInitialMargin: '81.23750000',
    totalOpenOrderInitialMargin: '0.00000000',
    totalCrossWalletBalance: '9999.18750000',
    totalCrossUnPnl: '-0.25000000',
    availableBalance: '9917.70000000',
    maxWithdrawAmount: '9917.70000000',
  };
  const asset = {
    asset: 'USDT',
    walletBalance: '9999.18750000',
    unrealizedProfit: '-0.25000000',
    marginBalance: '9998.93750000',
    maintMargin: '6.49900000',
    initialMargin: '81.23750000',
    positionInitialMargin: '81.23750000',
    openOrderInitialMargin: '0.00000000',
    crossWalletBalance: '9999.18750000',
    crossUnPnl: '-0.25000000',
    availableBalance: '9917.70000000',
    maxWithdrawAmount: '9917.70000000',
    marginAvailable: true,
    updateTime: T1, // its last fill changed the wallet last,
  };

  test('v3 account: totals, the USDT asset, symbols with a position or open orders', async () => {
    expect(await signed('two', '/fapi/v3/account')).toEqual({
      status: 200,
      body: {
        ...totals,
        assets: [asset],
        positions: [
          {
            symbol: 'BTCUSDT',
            positionSide: 'BOTH',
            positionAmt: '0.025',
            unrealizedProfit: '-0.25000000',
            isolatedMargin: '0',
            notional: '1624.75000000',
            isolatedWallet: '0',
            initialMargin: '81.23750000',
            maintMargin: '6.49900000',
            updateTime: T1,
          },
        ],
      },
    });
    expect((await signed('stranger', '/fapi/v3/account')).body.positions).toEqual([]);
  });

  test('v2 account: the flags, and every symbol in positions with leverage, entry and open-order notional', async () => {
    const { body } = await signed('two', '/fapi/v2/account');
    expect(body).toEqual({
      feeTier: 0,
      feeBurn: false,
      canTrade: true,
      canDeposit: true,
      canWithdraw: true,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
      ...totals,
      assets: [asset],
      positions: [
        {
          symbol: 'BTCUSDT',
          initialMargin: '81.23750000',
          maintMargin: '6.49900000',
          unrealizedProfit: '-0.25000000',
          positionInitialMargin: '81.23750000',
          openOrderInitialMargin: '0.00000000',
          leverage: '20',
          isolated: false,
          entryPrice: '65000.00000',
          breakEvenPrice: '65032.50000',
          maxNotional: '2500000',
          bidNotional: '0.00000000',
          askNotional: '325.05000000',
          positionSide: 'BOTH',
          positionAmt: '0.025',
          updateTime: T1,
        },
      ],
    });
    expect((await signed('stranger', '/fapi/v2/account')).body.positions[0]).toMatchObject({
      symbol: 'BTCUSDT',
      positionAmt: '0.000',
      entryPrice: '0.00000',
      updateTime: 0,
    });
  });

  test('balance v2 and v3', async () => {
    const balance = [
      {
        accountAlias: 'Sx2U',
        asset: 'USDT',
        balance: '9999.18750000',
        crossWalletBalance: '9999.18750000',
        crossUnPnl: '-0.25000000',
        availableBalance: '9917.70000000',
        maxWithdrawAmount: '9917.70000000',
        marginAvailable: true,
        updateTime: T1, // its last fill changed the wallet last,
      },
    ];
    expect(await signed('two', '/fapi/v2/balance')).toEqual({ status: 200, body: balance });
    expect(await signed('two', '/fapi/v3/balance')).toEqual({ status: 200, body: balance });
  });

  test('positionRisk v2 (every symbol) and v3 (held or with orders): entry, break-even, mark, PnL, margins', async () => {
    expect((await signed('two', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' })).body).toEqual([
      {
        symbol: 'BTCUSDT',
        positionAmt: '0.025',
        entryPrice: '65000.00000',
        breakEvenPrice: '65032.50000',
        markPrice: '64990.00000000',
        unRealizedProfit: '-0.25000000',
        liquidationPrice: '0', // a long its wallet carries to any price
        leverage: '20',
        maxNotionalValue: '2500000',
        marginType: 'cross',
        isolatedMargin: '0.00000000',
        isAutoAddMargin: 'false',
        positionSide: 'BOTH',
        notional: '1624.75000000',
        isolatedWallet: '0',
        initialMargin: '81.23750000',
        maintMargin: '6.49900000',
        updateTime: T1,
      },
    ]);
    // Account one is short 0.029: entry (650 + 975 + 259.96) / 0.029, PnL at 64990.0, notional negative.
    expect((await signed('one', '/fapi/v3/positionRisk')).body).toEqual([
      {
        symbol: 'BTCUSDT',
        positionSide: 'BOTH',
        positionAmt: '-0.029',
        entryPrice: '64998.62069',
        breakEvenPrice: '64966.12138',
        markPrice: '64990.00000000',
        unRealizedProfit: '0.25000000',
        liquidationPrice: '408177.80670380', // the mark that liquidates it (core/risk), to 10^-8 USDT
        isolatedMargin: '0',
        notional: '-1884.71000000',
        marginAsset: 'USDT',
        isolatedWallet: '0',
        initialMargin: '94.23550000',
        maintMargin: '7.53884000',
        positionInitialMargin: '94.23550000',
        openOrderInitialMargin: '0.00000000',
        adl: 0,
        bidNotional: '0.00000000',
        askNotional: '325.00000000',
        updateTime: T2,
      },
    ]);
    expect((await signed('stranger', '/fapi/v3/positionRisk')).body).toEqual([]);
    expect((await signed('stranger', '/fapi/v2/positionRisk')).body).toHaveLength(1);
  });

  test('symbol and account config: the leverage and its notional cap per symbol, cross margin, one-way', async () => {
    const config = {
      symbol: 'BTCUSDT',
      marginType: 'CROSSED',
      isAutoAddMargin: 'false',
      leverage: 20,
      maxNotionalValue: '2500000',
    };
    expect(await signed('two', '/fapi/v1/symbolConfig')).toEqual({ status: 200, body: [config] });
    expect((await signed('two', '/fapi/v1/symbolConfig', { symbol: 'BTCUSDT' })).body).toEqual([config]);
    expect((await signed('two', '/fapi/v1/symbolConfig', { symbol: 'NOPEUSDT' })).body).toMatchObject({
      code: -1121,
    });
    expect((await signed('two', '/fapi/v1/accountConfig')).body).toEqual({
      feeTier: 0,
      canTrade: true,
      canDeposit: true,
      canWithdraw: true,
      dualSidePosition: false,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
    });
  });

  test('multiAssetsMargin is off (USDT margin alone); rateLimit/order lists the order limit; both signed', async () => {
    expect(await signed('one', '/fapi/v1/multiAssetsMargin')).toEqual({
      status: 200,
      body: { multiAssetsMargin: false },
    });
    expect(await signed('one', '/fapi/v1/rateLimit/order')).toEqual({
      status: 200,
      body: [{ rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 }],
    });
    expect((await signed('one', '/fapi/v1/multiAssetsMargin', { symbol: 'BTCUSDT' })).body).toMatchObject({
      code: -1104,
    });
    expect((await f.client.get('/fapi/v1/rateLimit/order')).status).toBe(401);
  });

  test('leverage brackets: one entry per symbol, numbers as JSON numbers', async () => {
    // The session's spec has no table: its flat rule's ladder, from 125x down (core/projections/riskBracket.ts).
    const all = await signed('two', '/fapi/v1/leverageBracket');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(1);
    expect(all.body[0].symbol).toBe('BTCUSDT');
    expect(all.body[0].brackets[0]).toEqual({
      bracket: 1,
      initialLeverage: 125,
      notionalCap: 400000,
      notionalFloor: 0,
      maintMarginRatio: 0.004,
      cum: 0,
    });
    expect(all.body[0].brackets).toHaveLength(125);
    expect((await signed('two', '/fapi/v1/leverageBracket', { symbol: 'BTCUSDT' })).body).toEqual(all.body);
  });
});

describe('authentication and the spot endpoints ccxt loads', () => {
  test('the /sapi endpoints ccxt calls in loadMarkets answer []', async () => {
    expect(await signed('two', '/sapi/v1/capital/config/getall')).toEqual({ status: 200, body: [] });
    expect(await signed('two', '/sapi/v1/margin/allPairs')).toEqual({ status: 200, body: [] });
  });

  test('account queries need a key and a valid signature', async () => {
    expect(await f.client.get('/fapi/v3/account')).toEqual(error(-2014, 'API-key format invalid.', 401));
    expect(await f.client.call('GET', '/fapi/v3/account', {}, { ...f.keys.two, secret: 'wrong' })).toEqual(
      error(-1022, 'Signature for this request is not valid.', 401),
    );
    expect(await f.client.call('GET', '/fapi/v3/account', {}, f.keys.two, false)).toEqual(
      error(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."),
    );
  });
});
