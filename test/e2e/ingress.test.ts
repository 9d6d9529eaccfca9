// Order entry end to end, over real HTTP against the whole local stack (gateway, ingress handlers, Kinesis,
// matcher, event store, projector, fan-out): signatures and time windows, keys, one account's orders hidden from
// and untouchable by another, every filter's contract code, pre-trade margin, client order ids and retries, and
// a halted symbol. Requests that must not reach the matcher are checked against the commands stream itself.

import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { commandRecords, newCommandRecords } from './support/commandStream';
import { form, hmac, type Json, limitOrder, type Params, Rest, send, signedRequest } from './support/rest';

jest.setTimeout(120_000);

/**
 * LOT_SIZE cases BTCUSDT cannot show (its minimum is one step and its precision is its step, so a smaller or
 * between-steps quantity is a precision error there): step 0.002 at 3 decimals, minimum 0.010; three open orders.
 */
const COARSE: SymbolSpec = {
  ...BTCUSDT,
  symbol: 'COARSEUSDT',
  baseAsset: 'COARSE',
  stepSize: '0.002',
  minQty: '0.010',
  maxQty: '100',
  marketMinQty: '0.010',
  marketMaxQty: '10',
  maxNumOrders: 3,
};
/** Halted and resumed in its own test. */
const HALTING: SymbolSpec = { ...BTCUSDT, symbol: 'HALTUSDT', baseAsset: 'HALT' };

const btc = (side: 'BUY' | 'SELL', price: string, quantity: string, extra: Params = {}) =>
  limitOrder('BTCUSDT', side, price, quantity, extra);

describe('order entry over HTTP', () => {
  let exchange: LocalExchange;
  let alice: Trader;
  let bob: Trader;
  let a: Rest;
  let b: Rest;
  let publicApi: Rest;

  const errorOf = (reply: { status: number; body: Json }) => ({
    status: reply.status,
    code: reply.body?.code,
  });
  const account = async (client: Rest) => {
    const reply = await client.signed('GET', '/fapi/v3/account');
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const openOrders = async (client: Rest, symbol = 'BTCUSDT') => {
    const reply = await client.signed('GET', '/fapi/v1/openOrders', { symbol });
    expect(reply.status).toBe(200);
    return reply.body as Json[];
  };
  /** The order as its owner's GET /order shows it once the read side has it. */
  const orderOf = (client: Rest, orderId: number, symbol = 'BTCUSDT', status?: string) =>
    eventually(async () => {
      const reply = await client.signed('GET', '/fapi/v1/order', { symbol, orderId });
      expect(reply.status).toBe(200);
      if (status !== undefined) expect(reply.body.status).toBe(status);
      return reply.body;
    });

  beforeAll(async () => {
    exchange = await startLocalExchange();
    [alice, bob] = await Promise.all([exchange.trader('100000'), exchange.trader('100000')]);
    for (const spec of [BTCUSDT, COARSE, HALTING]) await exchange.listSymbol(spec);
    a = new Rest(exchange.gateway.url, alice);
    b = new Rest(exchange.gateway.url, bob);
    publicApi = new Rest(exchange.gateway.url);
  });

  afterAll(async () => {
    await exchange?.stop();
  });

  describe('signed order placement and cancel', () => {
    test('ACK: answered NEW once on the stream; the order rests; cancel answers CANCELED', async () => {
      const placed = await a.order(btc('BUY', '59000.0', '0.010', { newClientOrderId: 'ack-1' }));
      expect(placed.status).toBe(200);
      expect(placed.body).toMatchObject({
        orderId: expect.any(Number),
        symbol: 'BTCUSDT',
        status: 'NEW',
        clientOrderId: 'ack-1',
        price: '59000.00',
        origQty: '0.010',
        executedQty: '0.000',
        type: 'LIMIT',
        origType: 'LIMIT',
        timeInForce: 'GTC',
        side: 'BUY',
        positionSide: 'BOTH',
        reduceOnly: false,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      });
      const orderId = placed.body.orderId as number;
      expect(await orderOf(a, orderId, 'BTCUSDT', 'NEW')).toMatchObject({ orderId, clientOrderId: 'ack-1' });
      expect((await openOrders(a)).map((o) => o.orderId)).toContain(orderId);

      const canceled = await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId });
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ orderId, status: 'CANCELED', executedQty: '0.000' });
      expect(await orderOf(a, orderId, 'BTCUSDT', 'CANCELED')).toMatchObject({ status: 'CANCELED' });
      expect((await openOrders(a)).map((o) => o.orderId)).not.toContain(orderId);
      // A second cancel of the same order: it is not open any more.
      expect(errorOf(await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId }))).toEqual({
        status: 400,
        code: -2011,
      });
    });

    test('batch amend: each amendment answered in order, a bad entry on its own; more than 5 is -4082', async () => {
      const ids: number[] = [];
      for (const price of ['56000.0', '56100.0']) {
        const placed = await a.order(btc('BUY', price, '0.010'));
        expect(placed.status).toBe(200);
        ids.push(placed.body.orderId as number);
      }
      const amendment = (orderId: number, price: string) => ({
        symbol: 'BTCUSDT',
        orderId,
        side: 'BUY',
        quantity: '0.020',
        price,
      });
      const reply = await a.signed('PUT', '/fapi/v1/batchOrders', {
        batchOrders: JSON.stringify([
          amendment(ids[1]!, '56150.0'),
          { symbol: 'BTCUSDT', orderId: ids[0], quantity: '0.020', price: '56050.0' },
          amendment(ids[0]!, '56050.0'),
        ]),
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual([
        expect.objectContaining({ orderId: ids[1], price: '56150.00', origQty: '0.020', status: 'NEW' }),
        { code: -1102, msg: expect.stringContaining('side') },
        expect.objectContaining({ orderId: ids[0], price: '56050.00', origQty: '0.020', status: 'NEW' }),
      ]);
      expect(await orderOf(a, ids[0]!)).toMatchObject({ price: '56050.00', origQty: '0.020' });
      const six = JSON.stringify(Array.from({ length: 6 }, () => amendment(ids[0]!, '56000.0')));
      expect(errorOf(await a.signed('PUT', '/fapi/v1/batchOrders', { batchOrders: six }))).toEqual({
        status: 400,
        code: -4082,
      });
      await a.signed('DELETE', '/fapi/v1/batchOrders', {
        symbol: 'BTCUSDT',
        orderIdList: JSON.stringify(ids),
      });
    });

    test('batch cancel: each order answered in the order asked, by ids or client ids; bad lists refused whole', async () => {
      const ids: number[] = [];
      for (const [i, price] of ['58000.0', '58100.0', '58200.0'].entries()) {
        const placed = await a.order(btc('BUY', price, '0.010', { newClientOrderId: `batch-cancel-${i}` }));
        expect(placed.status).toBe(200);
        ids.push(placed.body.orderId as number);
      }
      const byIds = await a.signed('DELETE', '/fapi/v1/batchOrders', {
        symbol: 'BTCUSDT',
        orderIdList: JSON.stringify([ids[1], 999_999_999, ids[0]]),
      });
      expect(byIds.status).toBe(200);
      expect(byIds.body).toEqual([
        expect.objectContaining({ orderId: ids[1], status: 'CANCELED' }),
        { code: -2011, msg: 'Unknown order sent.' },
        expect.objectContaining({ orderId: ids[0], status: 'CANCELED' }),
      ]);
      // ccxt's spelling (lower case) and client order ids; bob cannot cancel alice's order by its client id.
      const notHis = await b.signed('DELETE', '/fapi/v1/batchOrders', {
        symbol: 'BTCUSDT',
        origclientorderidlist: '["batch-cancel-2"]',
      });
      expect(notHis.body).toEqual([{ code: -2011, msg: 'Unknown order sent.' }]);
      const byClientIds = await a.signed('DELETE', '/fapi/v1/batchOrders', {
        symbol: 'BTCUSDT',
        origclientorderidlist: '["batch-cancel-2"]',
      });
      expect(byClientIds.body).toEqual([expect.objectContaining({ orderId: ids[2], status: 'CANCELED' })]);
      expect((await openOrders(a)).map((o) => o.orderId)).not.toContain(ids[2]);

      const refused = async (params: Record<string, string>) =>
        errorOf(await a.signed('DELETE', '/fapi/v1/batchOrders', { symbol: 'BTCUSDT', ...params }));
      expect(await refused({})).toEqual({ status: 400, code: -1102 });
      expect(await refused({ orderIdList: 'not json' })).toEqual({ status: 400, code: -1130 });
      expect(await refused({ orderIdList: '[]' })).toEqual({ status: 400, code: -1130 });
      expect(await refused({ orderIdList: '["1"]' })).toEqual({ status: 400, code: -1130 });
      expect(await refused({ orderIdList: JSON.stringify([...Array(11).keys()].map((i) => i + 1)) })).toEqual(
        {
          status: 400,
          code: -1130,
        },
      );
      expect(await refused({ origClientOrderIdList: '["has space"]' })).toEqual({ status: 400, code: -1130 });
    });

    test('RESULT: the state after matching; cancel by client order id keeps what filled', async () => {
      const maker = await a.order(btc('SELL', '61000.0', '0.005'));
      expect(maker.status).toBe(200);
      const taker = await b.order(
        btc('BUY', '61000.0', '0.012', { newOrderRespType: 'RESULT', newClientOrderId: 'result-1' }),
      );
      expect(taker.status).toBe(200);
      expect(taker.body).toMatchObject({
        status: 'PARTIALLY_FILLED',
        clientOrderId: 'result-1',
        origQty: '0.012',
        executedQty: '0.005',
        cumQty: '0.005',
        avgPrice: '61000.00000',
      });
      expect(Number(taker.body.cumQuote)).toBe(305);
      const canceled = await b.signed('DELETE', '/fapi/v1/order', {
        symbol: 'BTCUSDT',
        origClientOrderId: 'result-1',
      });
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({
        orderId: taker.body.orderId,
        status: 'CANCELED',
        executedQty: '0.005',
      });
      expect(await orderOf(a, maker.body.orderId, 'BTCUSDT', 'FILLED')).toMatchObject({
        executedQty: '0.005',
      });
    });

    test('the signature covers query and body together, in either hex case', async () => {
      for (const options of [
        { placement: 'query' as const },
        { placement: 'split' as const },
        { placement: 'body' as const, upperCaseSignature: true },
      ]) {
        const placed = await a.order(btc('BUY', '58000.0', '0.010'), options);
        expect([options, placed.status]).toEqual([options, 200]);
        const canceled = await a.signed('DELETE', '/fapi/v1/order', {
          symbol: 'BTCUSDT',
          orderId: placed.body.orderId,
        });
        expect(canceled.body.status).toBe('CANCELED');
      }
    });
  });

  describe('authentication', () => {
    const order = btc('BUY', '59500.0', '0.010');

    test('every refused request is a contract error and puts nothing on the stream', async () => {
      const before = await commandRecords(exchange);
      const request = (options: Parameters<typeof signedRequest>[4] = {}) =>
        send(exchange.gateway.url, signedRequest(alice, 'POST', '/fapi/v1/order', order, options));
      const now = Date.now();

      const wrongSecret = await request({ secret: 'not-the-secret' });
      expect(wrongSecret).toMatchObject({
        status: 401,
        body: { code: -1022, msg: 'Signature for this request is not valid.' },
      });
      // A signature that is right for other bytes: the body changed after signing.
      const signed = signedRequest(alice, 'POST', '/fapi/v1/order', order);
      const tampered = await send(exchange.gateway.url, {
        ...signed,
        body: String(signed.body).replace('quantity=0.010', 'quantity=0.020'),
      });
      expect(errorOf(tampered)).toEqual({ status: 401, code: -1022 });

      // recvWindow: default 5000 ms, or as given; the future bound is 1000 ms whatever the window.
      expect(errorOf(await request({ timestamp: now - 6_000 }))).toEqual({ status: 400, code: -1021 });
      const narrow = await send(
        exchange.gateway.url,
        signedRequest(
          alice,
          'POST',
          '/fapi/v1/order',
          { ...order, recvWindow: 1_000 },
          { timestamp: now - 2_000 },
        ),
      );
      expect(narrow.body).toEqual({
        code: -1021,
        msg: 'Timestamp for this request is outside of the recvWindow.',
      });
      // At least 1000 ms ahead of the server when it reads it (sent 2000 ms ahead: room for a slow machine).
      const ahead = await request({ timestamp: Date.now() + 2_000 });
      expect(ahead).toMatchObject({ status: 400, body: { code: -1021 } });
      expect(ahead.body.msg).toMatch(/1000ms ahead/);
      expect(errorOf(await request({ timestamp: Date.now() + 60_000 }))).toEqual({
        status: 400,
        code: -1021,
      });
      const tooWide = await send(
        exchange.gateway.url,
        signedRequest(alice, 'POST', '/fapi/v1/order', { ...order, recvWindow: 60_001 }),
      );
      expect(errorOf(tooWide)).toEqual({ status: 400, code: -1130 });

      // Keys: unknown (well-formed), malformed, missing; a READ key cannot trade.
      expect(await request({ apiKey: 'A'.repeat(64) })).toMatchObject({
        status: 401,
        body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
      });
      expect(errorOf(await request({ apiKey: 'not a key!' }))).toEqual({ status: 401, code: -2014 });
      expect(await request({ apiKey: null })).toMatchObject({
        status: 401,
        body: { code: -2014, msg: 'API-key format invalid.' },
      });
      const readOnly = await exchange.operator.createApiKey(alice.accountId, ['READ'], 'e2e read-only');
      const reader = { accountId: alice.accountId, apiKey: readOnly.apiKey, secret: readOnly.secret };
      const byReader = await send(
        exchange.gateway.url,
        signedRequest(reader, 'POST', '/fapi/v1/order', order),
      );
      expect(errorOf(byReader)).toEqual({ status: 401, code: -2015 });
      expect((await new Rest(exchange.gateway.url, reader).signed('GET', '/fapi/v3/account')).status).toBe(
        200,
      );

      // No signature, no timestamp.
      const unsigned = await send(exchange.gateway.url, {
        method: 'POST',
        path: '/fapi/v1/order',
        body: form({ ...order, timestamp: Date.now() }),
        apiKey: alice.apiKey,
      });
      expect(errorOf(unsigned)).toEqual({ status: 400, code: -1102 });
      const text = form(order);
      const untimed = await send(exchange.gateway.url, {
        method: 'POST',
        path: '/fapi/v1/order',
        body: `${text}&signature=${hmac(alice.secret, text)}`,
        apiKey: alice.apiKey,
      });
      expect(untimed.body).toEqual({
        code: -1102,
        msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
      });

      expect(await newCommandRecords(exchange, before)).toEqual([]);
    });

    test('a request just inside the window is accepted', async () => {
      const placed = await a.order(order, { timestamp: Date.now() - 3_000 });
      expect(placed.status).toBe(200);
      const soon = await a.order(order, { timestamp: Date.now() + 500 });
      expect(soon.status).toBe(200);
      await a.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    });
  });

  describe("one account and another's orders", () => {
    test('bob can neither see, amend nor cancel alice’s order, which stays exactly as it was', async () => {
      const placed = await a.order(btc('BUY', '57000.0', '0.010', { newClientOrderId: 'alice-private' }));
      expect(placed.status).toBe(200);
      const orderId = placed.body.orderId as number;
      const before = await orderOf(a, orderId, 'BTCUSDT', 'NEW');
      const bobBefore = await account(b);

      expect(errorOf(await b.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId }))).toEqual({
        status: 400,
        code: -2013,
      });
      const byClientId = await b.signed('GET', '/fapi/v1/order', {
        symbol: 'BTCUSDT',
        origClientOrderId: 'alice-private',
      });
      expect(errorOf(byClientId)).toEqual({ status: 400, code: -2013 });
      expect((await openOrders(b)).map((o) => o.orderId)).not.toContain(orderId);
      const bobAll = await b.signed('GET', '/fapi/v1/openOrders');
      expect(bobAll.body.map((o: Json) => o.orderId)).not.toContain(orderId);
      const history = await b.signed('GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT' });
      expect(history.status).toBe(200);
      expect(history.body.map((o: Json) => o.orderId)).not.toContain(orderId);

      const amend = { symbol: 'BTCUSDT', side: 'BUY', price: '57500.0', quantity: '0.020' };
      expect(errorOf(await b.signed('PUT', '/fapi/v1/order', { ...amend, orderId }))).toEqual({
        status: 400,
        code: -2013,
      });
      expect(
        errorOf(await b.signed('PUT', '/fapi/v1/order', { ...amend, origClientOrderId: 'alice-private' })),
      ).toEqual({ status: 400, code: -2013 });
      expect(errorOf(await b.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId }))).toEqual({
        status: 400,
        code: -2011,
      });
      const byClientCancel = await b.signed('DELETE', '/fapi/v1/order', {
        symbol: 'BTCUSDT',
        origClientOrderId: 'alice-private',
      });
      expect(errorOf(byClientCancel)).toEqual({ status: 400, code: -2011 });
      const cancelAll = await b.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
      expect(cancelAll.body).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });

      await exchange.settle();
      expect(await orderOf(a, orderId)).toEqual(before);
      expect((await openOrders(a)).map((o) => o.orderId)).toContain(orderId);
      // Bob's failed attempts on an order that is not his hold none of his margin.
      const bobAfter = await account(b);
      expect(bobAfter.availableBalance).toBe(bobBefore.availableBalance);
      expect(bobAfter.totalOpenOrderInitialMargin).toBe(bobBefore.totalOpenOrderInitialMargin);
      // Nor can bob find alice's fills.
      const fills = await b.signed('GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', orderId });
      expect(fills.body).toEqual([]);
      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId });
    });
  });

  describe('filters: every violation answers its contract code', () => {
    const cases: [string, Params, number][] = [
      ['price with too many decimals', btc('BUY', '60000.001', '0.010'), -1111],
      ['quantity with too many decimals', btc('BUY', '60000.0', '0.0101'), -1111],
      ['price between ticks', btc('BUY', '60000.05', '0.010'), -4014],
      ['quantity between steps', limitOrder('COARSEUSDT', 'BUY', '60000.0', '0.011'), -4023],
      ['price below minPrice', btc('BUY', '556.70', '1.000'), -4013],
      ['price above maxPrice', btc('SELL', '4529764.1', '0.010'), -4002],
      ['price zero', btc('BUY', '0', '0.010'), -4001],
      ['price negative', btc('BUY', '-1.0', '0.010'), -4001],
      ['quantity zero', btc('BUY', '60000.0', '0'), -4003],
      ['quantity negative', btc('BUY', '60000.0', '-0.010'), -4003],
      ['quantity below minQty', limitOrder('COARSEUSDT', 'BUY', '60000.0', '0.008'), -4004],
      ['quantity above maxQty', btc('BUY', '60000.0', '1000.001'), -4005],
      [
        'market quantity above marketMaxQty',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '120.001' },
        -4005,
      ],
      [
        'market quantity below marketMinQty',
        { symbol: 'COARSEUSDT', side: 'SELL', type: 'MARKET', quantity: '0.008' },
        -4004,
      ],
      ['notional below minNotional', btc('BUY', '1000.0', '0.001'), -4164],
      ['unknown symbol', limitOrder('NOPEUSDT', 'BUY', '100.0', '1'), -1121],
      ['lower-case symbol', limitOrder('btcusdt', 'BUY', '60000.0', '0.010'), -1121],
      ['order type', btc('BUY', '60000.0', '0.010', { type: 'STOP_LOSS' }), -1116],
      ['side', btc('HOLD' as 'BUY', '60000.0', '0.010'), -1117],
      ['time in force', btc('BUY', '60000.0', '0.010', { timeInForce: 'GTE' }), -1115],
      ['client order id', btc('BUY', '60000.0', '0.010', { newClientOrderId: 'has space' }), -4015],
      [
        'client order id too long',
        btc('BUY', '60000.0', '0.010', { newClientOrderId: 'x'.repeat(37) }),
        -4015,
      ],
      ['response type', btc('BUY', '60000.0', '0.010', { newOrderRespType: 'FULL' }), -1136],
      ['STP mode', btc('BUY', '60000.0', '0.010', { selfTradePreventionMode: 'EXPIRE_ALL' }), -5039],
      ['position side in one-way mode', btc('BUY', '60000.0', '0.010', { positionSide: 'LONG' }), -4061],
      ['reduceOnly not a boolean', btc('BUY', '60000.0', '0.010', { reduceOnly: 'yes' }), -1130],
      // Binance's ILLEGAL_CHARS, as Python's str(0.01 / 1000) = '1e-05' meets it.
      ['quantity not a number', btc('BUY', '60000.0', '1e-2'), -1100],
      [
        'missing quantity',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1' },
        -1102,
      ],
      [
        'missing price (LIMIT)',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1' },
        -1102,
      ],
      [
        'missing timeInForce (LIMIT)',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '1', quantity: '1' },
        -1102,
      ],
      [
        'missing side',
        { symbol: 'BTCUSDT', type: 'LIMIT', timeInForce: 'GTC', price: '1', quantity: '1' },
        -1102,
      ],
      ['empty symbol', btc('BUY', '60000.0', '0.010', { symbol: '' }), -1102],
      [
        'price on a MARKET order',
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010', price: '1' },
        -1106,
      ],
      ['an unknown parameter', btc('BUY', '60000.0', '0.010', { stopPrice2: '1' }), -1104],
      [
        'MARKET with no price to measure against',
        { symbol: 'COARSEUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010' },
        -4131,
      ],
    ];

    test.each(cases)('%s', async (_name, params, code) => {
      const reply = await a.order(params);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ code, msg: expect.any(String) });
    });

    test("answers carry Binance's usage headers: the minute's used weight, and on order endpoints the order count", async () => {
      const timestamp = Date.now();
      const text = `${form(btc('BUY', '56000.0', '0.010'))}&timestamp=${timestamp}`;
      const response = await fetch(`${exchange.gateway.url}/fapi/v1/order`, {
        method: 'POST',
        headers: { 'X-MBX-APIKEY': alice.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
        body: `${text}&signature=${hmac(alice.secret, text)}`,
      });
      const placed = (await response.json()) as { orderId: number };
      expect(response.headers.get('x-mbx-used-weight-1m')).toMatch(/^[1-9]\d*$/);
      expect(response.headers.get('x-mbx-order-count-1m')).toMatch(/^[1-9]\d*$/);
      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: placed.orderId });
      const time = await fetch(`${exchange.gateway.url}/fapi/v1/time`);
      expect(time.headers.get('x-mbx-used-weight-1m')).toMatch(/^[1-9]\d*$/);
      expect(time.headers.get('x-mbx-order-count-1m')).toBeNull();
    });

    test('a parameter sent twice is -1101; in query and body, the query wins', async () => {
      const timestamp = Date.now();
      const text = `${form(btc('BUY', '56000.0', '0.010'))}&quantity=0.020&timestamp=${timestamp}`;
      const twice = await send(exchange.gateway.url, {
        method: 'POST',
        path: '/fapi/v1/order',
        body: `${text}&signature=${hmac(alice.secret, text)}`,
        apiKey: alice.apiKey,
      });
      expect(twice.body).toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
      const query = 'quantity=0.020';
      const body = `${form(btc('BUY', '56000.0', '0.010'))}&timestamp=${timestamp}`;
      const both = await send(exchange.gateway.url, {
        method: 'POST',
        path: '/fapi/v1/order',
        query,
        body: `${body}&signature=${hmac(alice.secret, query + body)}`,
        apiKey: alice.apiKey,
      });
      expect(both.body).toMatchObject({ status: 'NEW', origQty: '0.020' });
      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: both.body.orderId });
    });

    test('the engine’s codes after a reference trade (RESULT): -4016, -4024, -5022, -5021, -2022, -2025', async () => {
      await exchange.settle();
      const marginBefore = (await account(a)).totalOpenOrderInitialMargin;
      // A trade at 62,000 makes it the reference price: the band is [58,900.0, 65,100.0].
      const maker = await b.order(btc('SELL', '62000.0', '0.001'));
      expect(maker.status).toBe(200);
      const taker = await a.order(btc('BUY', '62000.0', '0.001', { newOrderRespType: 'RESULT' }));
      expect(taker.body).toMatchObject({ status: 'FILLED' });
      const result = { newOrderRespType: 'RESULT' };
      const rejected = async (params: Params) => errorOf(await a.order({ ...params, ...result }));

      expect(await rejected(btc('BUY', '65100.1', '0.010'))).toEqual({ status: 400, code: -4016 });
      expect(await rejected(btc('SELL', '58899.9', '0.010'))).toEqual({ status: 400, code: -4024 });
      // Inside the band by one tick: accepted (then canceled).
      const edge = await a.order({ ...btc('SELL', '58900.0', '0.002', { timeInForce: 'IOC' }), ...result });
      expect(edge.body).toMatchObject({ status: 'EXPIRED' });

      const ask = await b.order(btc('SELL', '62500.0', '0.003'));
      expect(ask.status).toBe(200);
      await exchange.settle();
      expect(await rejected(btc('BUY', '62500.0', '0.003', { timeInForce: 'GTX' }))).toEqual({
        status: 400,
        code: -5022,
      });
      expect(await rejected(btc('BUY', '62500.0', '0.004', { timeInForce: 'FOK' }))).toEqual({
        status: 400,
        code: -5021,
      });
      // Alice is short 0.004 (0.005 sold at 61,000, 0.001 bought back): a reduce-only SELL would add to it.
      const short = await a.signed('GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' });
      expect(short.body[0]).toMatchObject({ positionAmt: '-0.004' });
      expect(await rejected(btc('SELL', '65000.0', '0.001', { reduceOnly: 'true' }))).toEqual({
        status: 400,
        code: -2022,
      });
      // COARSEUSDT allows three open orders per account.
      for (let i = 0; i < 3; i++)
        expect((await a.order(limitOrder('COARSEUSDT', 'BUY', `${59000 + i}.0`, '0.010'))).status).toBe(200);
      expect(
        errorOf(await a.order({ ...limitOrder('COARSEUSDT', 'BUY', '59010.0', '0.010'), ...result })),
      ).toEqual({
        status: 400,
        code: -2025,
      });
      await a.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'COARSEUSDT' });
      await b.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });

      // Every order the engine refused gave its margin back.
      await exchange.settle();
      expect((await account(a)).totalOpenOrderInitialMargin).toBe(marginBefore);
      expect(await openOrders(a, 'COARSEUSDT')).toEqual([]);
    });
  });

  describe('margin', () => {
    test('an order the balance cannot cover is -2019; a smaller one is accepted', async () => {
      const poor = new Rest(exchange.gateway.url, await exchange.trader('100'));
      // 0.1 × 60,000 / 20 + 0.05% fee = 303 USDT.
      expect(await poor.order(btc('BUY', '60000.0', '0.100'))).toMatchObject({
        status: 400,
        body: { code: -2019, msg: 'Margin is insufficient.' },
      });
      // 0.03 × 60,000 / 20 + fee = 90.9 USDT: fits, and leaves 9.1.
      const fits = await poor.order(btc('BUY', '60000.0', '0.030'));
      expect(fits.status).toBe(200);
      const after = await account(poor);
      expect(after).toMatchObject({
        totalOpenOrderInitialMargin: '90.90000000',
        availableBalance: '9.10000000',
      });
      expect(errorOf(await poor.order(btc('SELL', '63000.0', '0.003')))).toEqual({
        status: 400,
        code: -2019,
      });
      expect((await poor.order(btc('SELL', '63000.0', '0.002'))).status).toBe(200);
      await poor.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
      await exchange.settle();
      expect(await account(poor)).toMatchObject({
        totalOpenOrderInitialMargin: '0.00000000',
        availableBalance: '100.00000000',
      });
    });
  });

  describe('margin type and position mode', () => {
    test('cross margin and one-way positions only: the setting in force is -4046 / -4059, the other -1130', async () => {
      const set = async (path: string, params: Record<string, string>) => {
        const reply = await a.signed('POST', path, params);
        return { status: reply.status, code: reply.body.code, msg: reply.body.msg };
      };
      expect(await set('/fapi/v1/marginType', { symbol: 'BTCUSDT', marginType: 'CROSSED' })).toEqual({
        status: 400,
        code: -4046,
        msg: 'No need to change margin type.',
      });
      expect(await set('/fapi/v1/marginType', { symbol: 'BTCUSDT', marginType: 'ISOLATED' })).toMatchObject({
        status: 400,
        code: -1130,
        msg: expect.stringContaining('isolated margin is not supported'),
      });
      expect(await set('/fapi/v1/marginType', { symbol: 'NOPEUSDT', marginType: 'ISOLATED' })).toMatchObject({
        code: -1121,
      });
      expect(await set('/fapi/v1/positionSide/dual', { dualSidePosition: 'false' })).toMatchObject({
        status: 400,
        code: -4059,
      });
      expect(await set('/fapi/v1/positionSide/dual', { dualSidePosition: 'true' })).toMatchObject({
        status: 400,
        code: -1130,
        msg: expect.stringContaining('hedge mode is not supported'),
      });
      expect((await a.signed('GET', '/fapi/v1/positionSide/dual')).body).toEqual({ dualSidePosition: false });
    });
  });

  describe('client order ids and retries', () => {
    test('a client order id in use by an open order is -4116; free again once that order is closed', async () => {
      const first = await a.order(btc('BUY', '55000.0', '0.010', { newClientOrderId: 'dup-1' }));
      expect(first.status).toBe(200);
      // Straight after placing, the engine is what refuses it (RESULT waits for its answer).
      const other = btc('BUY', '55100.0', '0.010', { newClientOrderId: 'dup-1', newOrderRespType: 'RESULT' });
      expect(await a.order(other)).toMatchObject({
        status: 400,
        body: { code: -4116, msg: 'clientOrderId is duplicated' },
      });
      // Once the order shows open, ingress answers -4116 itself, in ACK mode too, and puts nothing on the stream.
      await exchange.settle();
      const before = await commandRecords(exchange);
      for (const respType of ['ACK', 'RESULT'] as const) {
        const again = btc('SELL', '70000.0', '0.020', {
          newClientOrderId: 'dup-1',
          newOrderRespType: respType,
        });
        expect(await a.order(again)).toMatchObject({
          status: 400,
          body: { code: -4116, msg: 'clientOrderId is duplicated' },
        });
      }
      expect((await commandRecords(exchange)).size).toBe(before.size);
      // Another account may use the same id.
      expect((await b.order(btc('BUY', '55000.0', '0.010', { newClientOrderId: 'dup-1' }))).status).toBe(200);
      await exchange.settle();
      expect((await openOrders(a)).filter((o) => o.clientOrderId === 'dup-1')).toHaveLength(1);
      // The first request, retried after all that, still gets its own order.
      const retried = await a.order(btc('BUY', '55000.0', '0.010', { newClientOrderId: 'dup-1' }));
      expect(retried.body.orderId).toBe(first.body.orderId);

      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'dup-1' });
      const reused = await a.order(
        btc('BUY', '55200.0', '0.010', { newClientOrderId: 'dup-1', newOrderRespType: 'RESULT' }),
      );
      expect(reused.body).toMatchObject({ status: 'NEW', clientOrderId: 'dup-1', price: '55200.00' });
      expect(reused.body.orderId).not.toBe(first.body.orderId);
      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: reused.body.orderId });
      await b.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    });

    test('a retried request is the same order: by client order id, or by the very same signed bytes', async () => {
      const before = await commandRecords(exchange);
      const params = btc('SELL', '66000.0', '0.010', { newClientOrderId: 'retry-1' });
      const replies = [await a.order(params), await a.order(params)];
      replies.push(...(await Promise.all([a.order(params), a.order(params), a.order(params)])));
      for (const reply of replies) expect(reply.status).toBe(200);
      const ids = new Set(replies.map((r) => r.body.orderId));
      expect(ids.size).toBe(1);

      // Without a client order id: the same request sent three times (e.g. after timeouts).
      const request = signedRequest(alice, 'POST', '/fapi/v1/order', btc('SELL', '66100.0', '0.010'));
      const resent = [];
      for (let i = 0; i < 3; i++) resent.push(await send(exchange.gateway.url, request));
      expect(new Set(resent.map((r) => r.body.orderId)).size).toBe(1);
      // RESULT retries answer the state after matching, the same each time.
      const resultParams = btc('SELL', '66200.0', '0.010', {
        newClientOrderId: 'retry-2',
        newOrderRespType: 'RESULT',
      });
      const results = [await a.order(resultParams), await a.order(resultParams)];
      expect(results[1]!.body).toEqual(results[0]!.body);

      const added = await newCommandRecords(exchange, before);
      expect(added).toHaveLength(3);
      await exchange.settle();
      const open = (await openOrders(a)).filter((o) =>
        ['66000.00', '66100.00', '66200.00'].includes(o.price),
      );
      expect(open).toHaveLength(3);
      await a.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    });
  });

  describe('halt', () => {
    test('while HALT: new orders -1122, amendments -5024, cancels work; orders again after resume', async () => {
      const resting = await a.order(limitOrder('HALTUSDT', 'BUY', '59000.0', '0.010'));
      expect(resting.status).toBe(200);
      const orderId = resting.body.orderId as number;
      await orderOf(a, orderId, 'HALTUSDT', 'NEW');

      await exchange.operator.setSymbolStatus('HALTUSDT', 'HALT');
      // Ingress learns the status from the symbols read model (cached for a few seconds). The status is checked
      // before any filter, so a zero quantity tells which status ingress sees without placing anything.
      const probe = limitOrder('HALTUSDT', 'BUY', '59000.0', '0');
      await eventually(async () => expect((await a.order(probe)).body.code).toBe(-1122), 20_000, 200);
      expect(await a.order(limitOrder('HALTUSDT', 'SELL', '61000.0', '0.010'))).toMatchObject({
        status: 400,
        body: { code: -1122, msg: 'Invalid symbol status.' },
      });
      const exchangeInfo = await publicApi.get('/fapi/v1/exchangeInfo');
      expect(exchangeInfo.body.symbols.find((s: Json) => s.symbol === 'HALTUSDT').status).toBe('HALT');
      const amend = await a.signed('PUT', '/fapi/v1/order', {
        symbol: 'HALTUSDT',
        orderId,
        side: 'BUY',
        price: '59100.0',
        quantity: '0.010',
      });
      expect(errorOf(amend)).toEqual({ status: 400, code: -5024 });
      const canceled = await a.signed('DELETE', '/fapi/v1/order', { symbol: 'HALTUSDT', orderId });
      expect(canceled.body).toMatchObject({ orderId, status: 'CANCELED' });

      await exchange.operator.setSymbolStatus('HALTUSDT', 'TRADING');
      await eventually(async () => expect((await a.order(probe)).body.code).toBe(-4003), 20_000, 200);
      const again = await a.order(
        limitOrder('HALTUSDT', 'BUY', '59000.0', '0.010', { newOrderRespType: 'RESULT' }),
      );
      expect(again.body).toMatchObject({ status: 'NEW' });
      await a.signed('DELETE', '/fapi/v1/order', { symbol: 'HALTUSDT', orderId: again.body.orderId });
    });
  });
});
