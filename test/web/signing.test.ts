// The page signs in the browser with WebCrypto; the exchange verifies with Node's HMAC. Both must agree on every
// byte: HMAC-SHA256 with the secret over the raw query string immediately followed by the raw body, `signature`
// last, as the contract says.

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { encodeParams, hmacSha256Hex, signRequest } from '../../web/src/model/signing';

const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const node = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('hex');

/** What the exchange does with a request: totalParams without the signature, and the signature sent. */
function asTheExchangeReadsIt(query: string, body: string) {
  const strip = (raw: string) => {
    const parts = raw === '' ? [] : raw.split('&');
    const i = parts.findIndex((p) => p.startsWith('signature='));
    const signature = i < 0 ? undefined : parts.splice(i, 1)[0]!.slice('signature='.length);
    return { rest: parts.join('&'), signature };
  };
  const q = strip(query);
  const b = strip(body);
  return { payload: q.rest + b.rest, signature: q.signature ?? b.signature };
}

test("Binance's documented example signs to Binance's documented signature", async () => {
  const payload =
    'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943';
  expect(
    await hmacSha256Hex('2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9', payload),
  ).toBe('3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9');
});

test('property: WebCrypto and Node compute the same HMAC for any secret and payload', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.string({ maxLength: 400 }),
      async (secret, payload) => {
        expect(await hmacSha256Hex(secret, payload)).toBe(node(secret, payload));
      },
    ),
  );
});

test('a GET carries everything in the query, signature last', async () => {
  const { query, body } = await signRequest(
    SECRET,
    'GET',
    { symbol: 'BTCUSDT', limit: 50 },
    1_700_000_000_000,
  );
  expect(body).toBe('');
  expect(query).toMatch(/^symbol=BTCUSDT&limit=50&timestamp=1700000000000&signature=[0-9a-f]{64}$/);
  const { payload, signature } = asTheExchangeReadsIt(query, body);
  expect(signature).toBe(node(SECRET, payload));
});

test('a POST carries the parameters in the body and signs query then body', async () => {
  const order = {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.010',
    price: '64000.0',
    newClientOrderId: 'web/1:a_b-c.d',
  };
  const { query, body } = await signRequest(SECRET, 'POST', order, 1_700_000_000_000, { recvWindow: 5000 });
  expect(query).toBe('recvWindow=5000');
  expect(body.endsWith(`&signature=${node(SECRET, `${query}${body.replace(/&signature=.*$/, '')}`)}`)).toBe(
    true,
  );
  const { payload, signature } = asTheExchangeReadsIt(query, body);
  expect(payload).toBe(`recvWindow=5000${encodeParams({ ...order, timestamp: 1_700_000_000_000 })}`);
  expect(signature).toBe(node(SECRET, payload));
});

test('the signature covers the bytes as sent: reserved characters are percent-encoded before signing', async () => {
  const { query } = await signRequest(SECRET, 'DELETE', { origClientOrderId: 'a/b:c d&e=f' }, 1);
  expect(query.startsWith('origClientOrderId=a%2Fb%3Ac+d%26e%3Df&timestamp=1&signature=')).toBe(true);
  const { payload, signature } = asTheExchangeReadsIt(query, '');
  expect(signature).toBe(node(SECRET, payload));
});

test('another secret gives another signature', async () => {
  const a = await signRequest(SECRET, 'GET', {}, 5);
  const b = await signRequest(`${SECRET}x`, 'GET', {}, 5);
  expect(a.query).not.toBe(b.query);
});
