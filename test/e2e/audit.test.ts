// Audit on the local stack, as an operator and a client meet it: after trading over real HTTP, the operator CLI
// (a process of its own, on the emulators' endpoints) verifies the log and records who acted; the chain's head
// that GET /fapi/v1/eventChain publishes is the log's; book-at now is the book REST serves.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { awsAuditPorts } from '../../adapters/aws/compose/audit';
import { bookAt } from '../../application/audit/bookAt';
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { DEFAULT_PREFIX } from '../../resources/declarations';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { limitOrder, Rest } from './support/rest';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
let exchange: LocalExchange;
beforeAll(async () => {
  exchange = await startLocalExchange();
  await exchange.listSymbol(BTCUSDT);
}, 120_000);
afterAll(() => exchange?.stop());

/** The operator CLI as its own process; asynchronously, since the emulators it talks to run in this process. */
function admin(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/admin.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_KINESIS: exchange.emulators.endpoints.kinesis,
      AWS_ENDPOINT_URL_DYNAMODB: exchange.emulators.endpoints.dynamodb,
      SHARDEX_PREFIX: DEFAULT_PREFIX,
      SHARDEX_OPERATOR: 'e2e:auditor',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

test('the published head is the log, verify-log passes, book-at now is the REST book, the trail names the operator', async () => {
  const [maker, taker] = [await exchange.trader(), await exchange.trader()];
  const [makerRest, takerRest] = [
    new Rest(exchange.gateway.url, maker),
    new Rest(exchange.gateway.url, taker),
  ];
  for (const [price, qty] of [
    ['60010.0', '0.050'],
    ['60020.0', '0.030'],
  ] as const)
    expect(
      (await makerRest.signed('POST', '/fapi/v1/order', limitOrder('BTCUSDT', 'SELL', price, qty))).status,
    ).toBe(200);
  expect(
    (await takerRest.signed('POST', '/fapi/v1/order', limitOrder('BTCUSDT', 'BUY', '60010.0', '0.020')))
      .status,
  ).toBe(200);
  // The orders were answered on acceptance: wait until the matcher decided them all and the read side has them.
  await eventually(async () => {
    const depth = await new Rest(exchange.gateway.url).get('/fapi/v1/depth', {
      symbol: 'BTCUSDT',
      limit: 10,
    });
    expect(depth.body.asks).toEqual([
      ['60010.00', '0.030'],
      ['60020.00', '0.030'],
    ]);
  });
  await exchange.settle();

  const audit = awsAuditPorts(exchange.emulators.clients, exchange.emulators.names);
  const last = await audit.events.lastItem('BTCUSDT');
  const published = await new Rest(exchange.gateway.url).get('/fapi/v1/eventChain', { symbol: 'BTCUSDT' });
  expect(published.body).toEqual({
    symbol: 'BTCUSDT',
    seq: last!.last,
    chain: last!.chain,
    time: last!.time,
  });

  const verified = await admin('verify-log', '--symbol', 'BTCUSDT');
  expect({ status: verified.status, stderr: verified.stderr }).toEqual({ status: 0, stderr: '' });
  expect(JSON.parse(verified.stdout)).toMatchObject({
    ok: true,
    head: { seq: last!.last, chain: last!.chain },
  });

  const book = await bookAt(audit, 'BTCUSDT', { time: Date.now() }, 10);
  const depth = await new Rest(exchange.gateway.url).get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 10 });
  expect([book.bids, book.asks]).toEqual([depth.body.bids, depth.body.asks]);

  const deposited = await admin(
    'deposit',
    '--account',
    String(maker.accountId),
    '--amount',
    '5',
    '--reference',
    'e2e top-up',
  );
  expect(deposited.status).toBe(0);
  const logged = await admin('operator-log');
  const trail = logged.stdout
    .trim()
    .split('\n')
    .map((line: string) => JSON.parse(line).action);
  expect(trail.slice(-2)).toMatchObject([
    { action: 'deposit', phase: 'requested', actor: 'e2e:auditor', reference: 'e2e top-up' },
    { action: 'deposit', phase: 'done', actor: 'e2e:auditor', reference: 'e2e top-up' },
  ]);
  expect(JSON.parse((await admin('verify-operator-log')).stdout)).toMatchObject({ ok: true });
});
