// The local gateway as clients see it, over real HTTP and WebSocket connections on dynalite: REST requests become
// API Gateway HTTP API events, WebSocket frames become WebSocket API events, the management API reaches the
// sockets, and the WebSocket handlers answer Binance's stream control protocol.

import { createHmac } from 'node:crypto';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsConnectionPorts } from '../../adapters/aws/compose/connections';
import { awsFanoutPorts } from '../../adapters/aws/compose/fanout';
import { managementApiPoster } from '../../adapters/aws/connections/connectionPoster';
import { batchOf } from '../../adapters/aws/eventStore/eventsStream';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { createFanoutHandler } from '../../lambdas/fanout/app';
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { streamEvent } from '../ws/support/streamRecords';
import { RefusedHandshake, TestSocket } from '../ws/support/testSocket';

jest.setTimeout(30_000);

describe('local gateway', () => {
  let exchange: LocalExchange;
  let trader: Trader;
  const sockets: TestSocket[] = [];
  const open = async (path: string) => {
    const socket = await TestSocket.open(`${exchange.gateway.wsUrl}${path}`);
    sockets.push(socket);
    return socket;
  };
  const connectionsTable = () => exchange.emulators.names.tables.connections;
  const stores = () => awsConnectionPorts(exchange.emulators.clients, exchange.emulators.names);
  const connectionIdOf = async (stream: string) => {
    const subscribers = await stores().subscriptions.subscribersOf(stream);
    return subscribers[0]!.connectionId;
  };

  beforeAll(async () => {
    exchange = await startLocalExchange({ matcher: false, pingIntervalMs: 1_000 });
    trader = await exchange.trader();
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await exchange?.stop();
  });

  describe('REST', () => {
    test('an unknown path is 404 with the contract error body', async () => {
      const response = await fetch(`${exchange.gateway.url}/fapi/v1/nothing-here`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ code: -1000, msg: 'Path /fapi/v1/nothing-here not found.' });
    });

    test('a signed request is checked over the raw query string as sent', async () => {
      const query = `timestamp=${Date.now()}&recvWindow=5000`;
      const signature = createHmac('sha256', trader.secret).update(query).digest('hex');
      const signed = await fetch(
        `${exchange.gateway.url}/fapi/v1/positionSide/dual?${query}&signature=${signature}`,
        {
          headers: { 'X-MBX-APIKEY': trader.apiKey },
        },
      );
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ dualSidePosition: false });
      const forged = await fetch(
        `${exchange.gateway.url}/fapi/v1/positionSide/dual?${query}&signature=${'0'.repeat(64)}`,
        {
          headers: { 'X-MBX-APIKEY': trader.apiKey },
        },
      );
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ code: -1022 });
    });
    test('while the stack gets ready, REST requests and handshakes wait; the management API does not', async () => {
      let ready = () => {};
      exchange.gateway.holdUntil(new Promise<void>((resolve) => (ready = resolve)));
      try {
        let answered = false;
        const ping = fetch(`${exchange.gateway.url}/fapi/v1/ping`).then((response) => {
          answered = true;
          return response;
        });
        let handshaken = false;
        const socket = TestSocket.open(`${exchange.gateway.wsUrl}/ws`).then((opened) => {
          handshaken = true;
          sockets.push(opened);
          return opened;
        });
        // The stack's own fan-out uses the management API while it gets ready: answered at once.
        const management = await fetch(`${exchange.gateway.managementEndpoint}/@connections/nobody`);
        expect(management.status).toBe(410);
        // Long enough for an unheld ping or handshake on this machine many times over.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect({ answered, handshaken }).toEqual({ answered: false, handshaken: false });

        ready();
        expect((await ping).status).toBe(200);
        expect(await (await socket).control('LIST_SUBSCRIPTIONS')).toMatchObject({ result: [] });
      } finally {
        ready();
      }
    });
  });

  describe('stream control', () => {
    test.each(['/ws', '/public/ws/1', '/market/ws/2', '/stream'])(
      'on %s, SUBSCRIBE is acknowledged with {result: null, id}',
      async (path) => {
        const socket = await open(path);
        expect(await socket.control('SUBSCRIBE', ['btcusdt@depth@100ms', 'btcusdt@trade'])).toEqual({
          result: null,
          id: 1,
        });
      },
    );

    test('LIST_SUBSCRIPTIONS and UNSUBSCRIBE', async () => {
      const socket = await open('/ws');
      await socket.control('SUBSCRIBE', [
        'ethusdt@aggTrade',
        'ethusdt@kline_1m',
        'ethusdt@depth5@100ms',
        'ethusdt@markPrice@1s',
      ]);
      expect((await socket.control('LIST_SUBSCRIPTIONS')).result.sort()).toEqual(
        ['ethusdt@aggTrade', 'ethusdt@depth5@100ms', 'ethusdt@kline_1m', 'ethusdt@markPrice@1s'].sort(),
      );
      expect(await socket.control('UNSUBSCRIBE', ['ethusdt@kline_1m', 'ethusdt@aggTrade'])).toEqual({
        result: null,
        id: 3,
      });
      expect((await socket.control('LIST_SUBSCRIPTIONS')).result.sort()).toEqual([
        'ethusdt@depth5@100ms',
        'ethusdt@markPrice@1s',
      ]);
    });

    test('bad requests get an error frame and the connection stays up', async () => {
      const socket = await open('/ws');
      expect(await socket.control('SUBSCRIBE', ['BTCUSDT@depth'])).toEqual({
        error: { code: 2, msg: 'Invalid request: invalid stream name `BTCUSDT@depth`' },
        id: 1,
      });
      expect(await socket.control('SUBSCRIBE', ['btcusdt@kline_7m'])).toMatchObject({
        error: { code: 2 },
        id: 2,
      });
      expect(await socket.control('FROBNICATE')).toMatchObject({
        error: { code: 2, msg: expect.stringContaining('unknown variant `FROBNICATE`') },
        id: 3,
      });
      socket.send('{"method": "SUBSCRIBE", "params": [');
      expect(await socket.next((f) => f.error?.code === 3)).toMatchObject({
        error: { code: 3, msg: expect.stringMatching(/^Invalid JSON/) },
        id: null,
      });
      socket.send({ method: 'SUBSCRIBE', params: 'btcusdt@depth', id: 9 });
      expect(await socket.next((f) => f.id === 9)).toMatchObject({ error: { code: 2 } });
      socket.send({ method: 'SUBSCRIBE', params: [], id: -4 });
      expect(await socket.next((f) => f.error?.msg?.includes('request ID'))).toMatchObject({
        error: { code: 2 },
      });
      expect(await socket.control('SET_PROPERTY', ['colour', true])).toMatchObject({
        error: { code: 0, msg: 'Unknown property' },
      });
      expect(await socket.control('SET_PROPERTY', ['combined', 'yes'])).toMatchObject({ error: { code: 1 } });
      expect(await socket.control('SUBSCRIBE', ['btcusdt@bookTicker'])).toEqual({ result: null, id: 6 });
      expect((await socket.control('LIST_SUBSCRIPTIONS')).result).toEqual(['btcusdt@bookTicker']);
      expect(socket.closed).toBe(false);
    });

    test("property requests refused as Binance's table says: a name that is no string, too many parameters", async () => {
      const socket = await open('/ws');
      expect(await socket.control('SET_PROPERTY')).toMatchObject({
        error: { code: 2, msg: 'Invalid request: property name must be a string' },
      });
      expect(await socket.control('GET_PROPERTY', [7])).toMatchObject({
        error: { code: 2, msg: 'Invalid request: property name must be a string' },
      });
      for (const [method, params] of [
        ['SET_PROPERTY', ['combined', false, 'x']],
        ['GET_PROPERTY', ['combined', 'x']],
        ['LIST_SUBSCRIPTIONS', ['x']],
      ] as const)
        expect(await socket.control(method, [...params])).toMatchObject({
          error: { code: 2, msg: 'Invalid request: too many parameters' },
        });
      expect(await socket.control('GET_PROPERTY', ['combined'])).toMatchObject({ result: false });
    });

    test('an unknown WebSocket API method gets the API error shape', async () => {
      const socket = await open('/ws');
      socket.send({ id: 'abc', method: 'account.status', params: {} });
      expect(await socket.next((f) => f.id === 'abc')).toEqual({
        id: 'abc',
        status: 400,
        error: { code: -1020, msg: 'This operation is not supported.' },
      });
    });

    test('a combined-stream URL subscribes its streams and turns combined payloads on', async () => {
      const socket = await open('/stream?streams=solusdt@depth/solusdt@trade');
      expect((await socket.control('LIST_SUBSCRIPTIONS')).result.sort()).toEqual([
        'solusdt@depth',
        'solusdt@trade',
      ]);
      expect(await socket.control('GET_PROPERTY', ['combined'])).toEqual({ result: true, id: 2 });
      expect(await socket.control('SET_PROPERTY', ['combined', false])).toEqual({ result: null, id: 3 });
      expect(await socket.control('GET_PROPERTY', ['combined'])).toEqual({ result: false, id: 4 });
    });

    test("Binance's path forms: /ws/<stream> is raw (unwrapped), /stream without streams is combined", async () => {
      const raw = await open('/ws/btcusdt@trade/btcusdt@depth@100ms');
      expect((await raw.control('LIST_SUBSCRIPTIONS')).result.sort()).toEqual([
        'btcusdt@depth@100ms',
        'btcusdt@trade',
      ]);
      expect(await raw.control('GET_PROPERTY', ['combined'])).toEqual({ result: false, id: 2 });
      const combined = await open('/stream');
      expect(await combined.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 });
      expect(await combined.control('GET_PROPERTY', ['combined'])).toEqual({ result: true, id: 2 });
      await expect(open('/ws/btcusdt@nonsense')).rejects.toMatchObject({ status: 400 });
    });

    test('pings are answered, and the server pings too', async () => {
      const socket = await open('/ws');
      const pong = new Promise<string>((resolve) =>
        socket.socket.once('pong', (data) => resolve(data.toString())),
      );
      socket.socket.ping('hello');
      expect(await pong).toBe('hello');
      const ping = new Promise<void>((resolve) => socket.socket.once('ping', () => resolve()));
      await ping; // the gateway pings every second in tests; `ws` answers it, so the connection lives on
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      expect(socket.closed).toBe(false);
      expect(await socket.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 });
    });
  });

  describe('listen keys', () => {
    test('a valid listenKey binds the connection to its account; an unknown one is refused', async () => {
      const response = await fetch(`${exchange.gateway.url}/fapi/v1/listenKey`, {
        method: 'POST',
        headers: { 'X-MBX-APIKEY': trader.apiKey },
      });
      const { listenKey } = (await response.json()) as { listenKey: string };
      const socket = await open(`/private/ws?listenKey=${listenKey}`);
      await socket.control('SUBSCRIBE', ['xrpusdt@depth']);
      const id = await connectionIdOf('xrpusdt@depth');
      const connection = await stores().connections.get(id);
      expect(connection).toMatchObject({ accountId: trader.accountId, listenKey, combined: false });
      // The older URL form with the key in the path works locally too.
      const byPath = await open(`/ws/${listenKey}`);
      expect(await byPath.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 });

      const refused = await TestSocket.open(
        `${exchange.gateway.wsUrl}/private/ws?listenKey=${'x'.repeat(64)}`,
      ).catch((e) => e);
      expect(refused).toBeInstanceOf(RefusedHandshake);
      expect(refused).toMatchObject({ status: 400 });
      expect(JSON.parse((refused as RefusedHandshake).body)).toEqual({
        code: -1125,
        msg: 'This listenKey does not exist.',
      });
    });
  });

  describe('management API and connection lifecycle', () => {
    // Other processes post over HTTP (the management API); the stack's own parts through the gateway's poster.
    test.each([
      ['the management API over HTTP', () => managementApiPoster(exchange.gateway.managementEndpoint)],
      ["the gateway's in-process poster", () => exchange.gateway.poster],
    ])(
      'postToConnection through %s reaches the socket; DELETE closes it and its rows go; unknown ids are gone; over 128 KB fails',
      async (_name, posterOf) => {
        const poster = posterOf();
        try {
          const socket = await open('/ws');
          await socket.control('SUBSCRIBE', ['adausdt@ticker']);
          const id = await connectionIdOf('adausdt@ticker');
          expect(await poster.post(id, '{"hello":"world"}')).toBe('sent');
          expect(await socket.next((f) => f.hello === 'world')).toEqual({ hello: 'world' });
          await expect(poster.post(id, `"${'x'.repeat(128 * 1024)}"`)).rejects.toThrow(
            'Message is larger than 128 KB',
          );
          expect(await poster.post('bm90LWEtY29ubmVjdGlvbg==', '{}')).toBe('gone');
          expect(await poster.disconnect('bm90LWEtY29ubmVjdGlvbg==')).toBe('gone');

          const before = exchange.gateway.connections();
          expect(await poster.disconnect(id)).toBe('sent');
          await socket.next(() => false, 2_000).catch(() => undefined);
          expect(socket.closed).toBe(true);
          await eventually(async () => {
            expect(exchange.gateway.connections()).toBe(before - 1);
            expect(await connectionRow(id)).toBeUndefined();
            expect(await stores().subscriptions.streamsOf(id)).toEqual([]);
          }, 5_000);
          expect(await poster.post(id, '{}')).toBe('gone');
        } finally {
          poster.close();
        }
      },
    );

    test('the fan-out deletes a connection that is gone, with its subscriptions', async () => {
      const names = exchange.emulators.names;
      const ghost = 'Z2hvc3QtY29ubmVjdGlvbg==';
      const expiresAt = Math.ceil(Date.now() / 1000) + 600;
      await stores().connections.open({
        connectionId: ghost,
        combined: false,
        connectedAt: Date.now(),
        expiresAt,
      });
      await stores().subscriptions.subscribe(ghost, ['btcusdt@depth'], false, expiresAt);
      const live = await open('/ws');
      await live.control('SUBSCRIBE', ['btcusdt@depth']);
      const combined = await open('/stream?streams=btcusdt@depth');

      const poster = managementApiPoster(exchange.gateway.managementEndpoint);
      try {
        const fanout = createFanoutHandler(
          awsFanoutPorts(exchange.emulators.clients, names),
          poster,
          batchOf,
        );
        const listed = { type: 'SymbolListed', seq: 1, time: 1, commandId: 'list', spec: BTCUSDT } as const;
        expect(await fanout(streamEvent([{ symbol: 'BTCUSDT', events: [listed] }]))).toEqual({
          batchItemFailures: [],
        });
      } finally {
        poster.close();
      }
      expect(await live.next((f) => f.e === 'depthUpdate')).toMatchObject({
        s: 'BTCUSDT',
        U: 0,
        u: 1,
        pu: 0,
        b: [],
        a: [],
      });
      expect(await combined.next((f) => f.stream === 'btcusdt@depth')).toEqual({
        stream: 'btcusdt@depth',
        data: expect.objectContaining({ e: 'depthUpdate', U: 0, u: 1, pu: 0 }),
      });
      expect(await connectionRow(ghost)).toBeUndefined();
      expect(await stores().subscriptions.streamsOf(ghost)).toEqual([]);
    });
  });

  test('an expired listen key gets listenKeyExpired once, and its connection no more user data', async () => {
    const documents = exchange.emulators.clients.documents;
    const names = exchange.emulators.names;
    const owner = await exchange.trader();
    const listenKey = (await openListenKey(exchange.ctx, owner.accountId)).listenKey;
    const socket = await open(`/private/ws?listenKey=${listenKey}`);
    await socket.control('SUBSCRIBE', ['dogeusdt@depth']);
    const id = await connectionIdOf('dogeusdt@depth');
    await documents.send(
      new UpdateCommand({
        TableName: names.tables.listenKeys,
        Key: { listenKey },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const poster = managementApiPoster(exchange.gateway.managementEndpoint);
    try {
      const fanout = createFanoutHandler(awsFanoutPorts(exchange.emulators.clients, names), poster, batchOf);
      const spec = { ...BTCUSDT, symbol: 'DOGEUSDT', baseAsset: 'DOGE' };
      const order = {
        orderId: 77,
        accountId: owner.accountId,
        clientOrderId: 'doge-1',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: 1_000,
        quantity: 10,
        reduceOnly: false,
        selfTradePreventionMode: 'NONE',
      } as const;
      const events = [
        { type: 'SymbolListed', seq: 1, time: 1, commandId: 'list', spec },
        { type: 'OrderAccepted', seq: 2, time: 2, commandId: 'p', order, requestedQuantity: null },
        {
          type: 'OrderRested',
          seq: 3,
          time: 2,
          commandId: 'p',
          orderId: 77,
          accountId: owner.accountId,
          side: 'BUY',
          price: 1_000,
          quantity: 10,
          levelQuantity: 10,
        },
      ] as const;
      await fanout(streamEvent([{ symbol: 'DOGEUSDT', events }]));
      expect(await socket.next((f) => f.e === 'listenKeyExpired')).toEqual({
        e: 'listenKeyExpired',
        E: expect.any(Number),
        listenKey,
      });
      expect(await socket.next((f) => f.e === 'depthUpdate')).toMatchObject({ s: 'DOGEUSDT', u: 3 });
      expect(socket.all((f) => f.e === 'ORDER_TRADE_UPDATE')).toEqual([]);
      const connection = await stores().connections.get(id);
      expect(connection).toMatchObject({ connectionId: id });
      expect(connection?.accountId).toBeUndefined();
    } finally {
      poster.close();
    }
  });

  async function connectionRow(connectionId: string) {
    const { Items } = await exchange.emulators.clients.documents.send(
      new ScanCommand({ TableName: connectionsTable() }),
    );
    return (Items ?? []).find((item) => item.connectionId === connectionId);
  }
});
