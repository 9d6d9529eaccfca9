import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoAccountShardLeases } from '../adapters/aws/accounts/accountShardLeases';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { SYMBOL_PRESETS } from '../bin/symbolPresets';
import { riskService } from '../resources/declarations';
import { buildWeb } from '../web/build';
import { BinanceClient } from './binanceClient';
import { runMarketMaker } from './demo/marketMaker';
import { runTaker } from './demo/taker';
import { type KinesisEngine, kinesisEngineFromEnv, kinesisEngines } from './emulators';
import { startFundingTimer } from './fundingTimer';
import { startLocalIndexFeed } from './indexFeed';
import { type LocalExchange, startLocalExchange, type Trader } from './localExchange';
import { startLocalRiskService } from './riskService';

/**
 * `npm start`: the whole exchange on this machine. Data lives in ./.shardex (--data-dir) across restarts;
 * --fresh wipes it. First start lists BTCUSDT, ETHUSDT and SOLUSDT and opens a funded demo account whose API key
 * and secret are kept in the data folder (yours, on your disk) and printed at every start. --demo adds a market
 * maker and a taker trading over the REST API so the book moves.
 */
const USAGE = `usage: npm start -- [--port 8080] [--data-dir ./.shardex] [--fresh] [--demo] [--kinesis kinesalite|kinesis-local]
                    [--no-index-feed] [--index-seed N] [--index-replay prices.csv] [--index-interval-ms 1000]
                    [--no-funding-timer] [--no-risk-service]`;

async function main(): Promise<void> {
  silenceSdkNodeNotice();
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      'data-dir': { type: 'string', default: process.env.SHARDEX_DATA_DIR ?? '.shardex' },
      fresh: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      kinesis: { type: 'string' },
      'no-index-feed': { type: 'boolean', default: false },
      'index-seed': { type: 'string', default: '1' },
      'index-replay': { type: 'string' },
      'index-interval-ms': { type: 'string', default: '1000' },
      'no-funding-timer': { type: 'boolean', default: false },
      'no-risk-service': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = resolve(values['data-dir']!);
  if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const kinesis = (values.kinesis ?? kinesisEngineFromEnv()) as KinesisEngine;
  if (!kinesisEngines.includes(kinesis))
    throw new Error(`--kinesis must be one of ${kinesisEngines.join(', ')}`);

  say(`starting shardex (data in ${dataDir}, Kinesis emulator: ${kinesis}) …`);
  const page = buildWeb();
  const exchange = await startLocalExchange({
    dataDir,
    kinesis,
    port: Number(values.port),
    host: '127.0.0.1',
  });
  const stopBots: (() => void | Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping (committing the matcher's batch in hand, closing connections) …`);
    await Promise.all(stopBots.map((stop) => stop()));
    await exchange.stop();
    say('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const listed = (async () => {
    for (const spec of Object.values(SYMBOL_PRESETS)) await exchange.listSymbol(spec);
  })();
  // The port is open already (the stack itself uses the management API); clients wait until the symbols are listed.
  exchange.gateway.holdUntil(listed);
  await listed;
  const demo = await demoAccount(exchange, join(dataDir, 'demo-account.json'));
  const { url, wsUrl } = exchange.gateway;
  const endpoints = exchange.emulators.endpoints;
  // The demo key rides in the local page's config.json only: a deployed page's config never carries a key.
  exchange.gateway.serveSite({
    root: page.dir,
    config: { restUrl: '', wsUrl: '', demo: { apiKey: demo.apiKey, secret: demo.secret } },
  });
  say(`
shardex is running
  trading page  ${url}/   (the demo account's key is pre-filled: local use only)
  REST       ${url}/fapi/v1/...            e.g. curl '${url}/fapi/v1/depth?symbol=BTCUSDT&limit=5'
  WebSocket  ${wsUrl}/ws                     e.g. {"method":"SUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1}
  symbols    ${Object.keys(SYMBOL_PRESETS).join(', ')}
  demo account ${demo.accountId} (100,000 USDT on first start)
    API key  ${demo.apiKey}
    secret   ${demo.secret}
  operator CLI against this stack:
    AWS_ENDPOINT_URL_KINESIS=${endpoints.kinesis} AWS_ENDPOINT_URL_DYNAMODB=${endpoints.dynamodb} npm run admin -- help
Ctrl-C stops everything.`);

  // The index feed and the funding schedule, as the index feed service and EventBridge Scheduler run them on AWS.
  const symbols = Object.keys(SYMBOL_PRESETS);
  if (!values['no-index-feed']) {
    const seed = Number(values['index-seed']);
    if (!Number.isSafeInteger(seed)) throw new Error('--index-seed must be an integer');
    const intervalMs = Number(values['index-interval-ms']);
    if (!Number.isSafeInteger(intervalMs) || intervalMs < 100)
      throw new Error('--index-interval-ms must be ≥ 100');
    const replayCsv = values['index-replay'] === undefined ? undefined : resolve(values['index-replay']);
    stopBots.push(startLocalIndexFeed(exchange.ctx, { symbols, seed, replayCsv, intervalMs }));
    say(
      replayCsv === undefined
        ? `index feed: a simulated venue per symbol (seed ${seed}), every ${intervalMs} ms; --no-index-feed turns it off.`
        : `index feed: replaying ${replayCsv} for every symbol, every ${intervalMs} ms.`,
    );
  }
  if (!values['no-funding-timer']) {
    stopBots.push(
      startFundingTimer(exchange.ctx, {
        onSettle: (settled) =>
          say(
            `  [funding] settling ${settled.map((s) => `${s.symbol} @ ${new Date(s.fundingTime).toISOString()}`).join(', ')}`,
          ),
        onError: (error) => say(`  [funding] not settled, will retry: ${String(error)}`),
      }),
    );
    say(
      'funding timer: SettleFunding at each funding time (00:00, 08:00, 16:00 UTC); --no-funding-timer turns it off.',
    );
  }

  if (!values['no-risk-service']) {
    stopBots.push(
      startLocalRiskService(exchange.ctx, {
        managementEndpoint: exchange.gateway.managementEndpoint,
        leases: new DynamoAccountShardLeases(
          exchange.emulators.clients.documents,
          exchange.emulators.names.tables.riskLeases,
        ),
        onMarginCall: (accountId) => say(`  [risk] MARGIN_CALL account ${accountId}`),
        onError: (error) => say(`  [risk] evaluation failed, will retry: ${String(error)}`),
      }),
    );
    say(
      `risk service: margin calls and liquidations at the mark (${riskService.accountShards} account shards, leased in the riskLeases table); --no-risk-service turns it off.`,
    );
  }

  if (values.demo) {
    const maker = await exchange.trader('10000000');
    const taker = await exchange.trader('10000000');
    const log = (message: string) => say(`  [demo] ${message}`);
    stopBots.push(runMarketMaker(new BinanceClient(url, maker), log));
    stopBots.push(runTaker(new BinanceClient(url, taker), log));
    say('demo bots are trading: a market maker quoting all three symbols and a taker sending market orders.');
  }
}

/** The demo account of this data folder: created (and funded) on first start, then remembered. */
async function demoAccount(exchange: LocalExchange, file: string): Promise<Trader> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Trader;
    if ((await exchange.ctx.apiKeys.find(saved.apiKey))?.status === 'ACTIVE') return saved;
  }
  const trader = await exchange.trader('100000');
  writeFileSync(file, JSON.stringify(trader, null, 2), { mode: 0o600 });
  return trader;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

main().catch((error) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
