// Operator command: drop a read model (or one symbol's part of it) and replay the events table into it.
//
//   npx tsx local/rebuildReadModel.ts <model> [SYMBOL]      model: symbols orders userTrades marketTrades
//                                                           aggTrades klines depth tickers
//                                                           priceKlines fundingRates
//
// Pause the projector first (the local stream poller, or the event source mapping on AWS). It works against the
// emulators, LocalStack or AWS alike: endpoints come from AWS_ENDPOINT_URL, names from SHARDEX_PREFIX.

import { createAwsClients } from '../adapters/aws/clients';
import { awsRebuildPorts } from '../adapters/aws/compose/rebuild';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { projectorContext } from '../application/context';
import { isRebuildable, REBUILDABLE_MODELS } from '../application/ports/readModelReset';
import { readModelsOf } from '../application/projections/models';
import { rebuildReadModel } from '../application/projections/rebuild';
import { resourceNames } from '../resources/declarations';

async function main(): Promise<void> {
  const [model, symbol] = process.argv.slice(2);
  if (model === undefined || !isRebuildable(model)) {
    console.error(`usage: rebuildReadModel <${REBUILDABLE_MODELS.join('|')}> [SYMBOL]`);
    process.exitCode = 2;
    return;
  }
  silenceSdkNodeNotice();
  const clients = createAwsClients();
  try {
    const ports = awsRebuildPorts(clients, resourceNames(process.env.SHARDEX_PREFIX));
    const target = readModelsOf(projectorContext(ports)).find((m) => m.name === model)!;
    const started = performance.now();
    const report = await rebuildReadModel(ports, target, symbol);
    console.log(JSON.stringify({ ...report, ms: Math.round(performance.now() - started) }));
  } finally {
    clients.destroy();
  }
}

void main();
