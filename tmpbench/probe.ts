import WebSocket from 'ws';
import { startLocalExchange } from '../local/localExchange';
import { BTCUSDT } from '../test/core/support/specs';
async function main() {
  const exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  await exchange.listSymbol({ ...BTCUSDT, symbol: 'ETHUSDT', baseAsset: 'ETH', tickSize: '0.01', minPrice: '39.86' });
  const url = `${exchange.gateway.wsUrl}/ws?streams=btcusdt@markPrice@1s/!markPrice@arr@1s`;
  console.log('url', url);
  const ws = new WebSocket(url);
  ws.on('message', (m) => console.log('msg', String(m).slice(0, 300)));
  ws.on('unexpected-response', (_req, res) => console.log('unexpected', res.statusCode));
  await new Promise((r) => ws.on('open', r));
  ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 1 }));
  await exchange.operator.setIndexPrice('ETHUSDT', '3000');
  await new Promise((r) => setTimeout(r, 2500));
  await exchange.operator.setIndexPrice('ETHUSDT', '3100');
  await new Promise((r) => setTimeout(r, 2500));
  ws.close();
  await exchange.stop();
}
main();
