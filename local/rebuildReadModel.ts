// Operator command: drop a read model (or one symbol's part of it) and replay the events table into it.
//
//   npx tsx local/rebuildReadModel.ts <model> [SYMBOL]      model: symbols orders userTrades marketTrades
//                                                           aggTrades klines depth tickers
//
// Pause the projector first (the local stream poller, or the event source mapping on AWS). It works against the
// emulators, LocalStack or AWS alike: endpoints come from AWS_ENDPOINT_URL, names from SHARDEX_PREFIX.

import { AccountStore } from '../adapters/accounts/accountStore';
import { createAwsClients } from '../adapters/aws/clients';
import { isRebuildable, REBUILDABLE_MODELS, rebuildReadModel } from '../adapters/readModels/rebuild';
import { readModels } from '../lambdas/stream/readModels';
import { resourceNames } from '../resources/declarations';

async function main(): Promise<void> {
  const [model, symbol] = process.argv.slice(2);
  if (model === undefined || !isRebuildable(model)) {
    console.error(`usage: rebuildReadModel <${REBUILDABLE_MODELS.join('|')}> [SYMBOL]`);
    process.exitCode = 2;
    return;
  }
  const clients = createAwsClients();
  try {
    const names = resourceNames(process.env.SHARDEX_PREFIX);
    const target = readModels(
      clients,
      names,
      new AccountStore(clients.documents, names.tables.accounts),
    ).find((m) => m.name === model)!;
    const started = performance.now();
    const report = await rebuildReadModel(clients, names, target, symbol);
    console.log(JSON.stringify({ ...report, ms: Math.round(performance.now() - started) }));
  } finally {
    clients.destroy();
  }
}

void main();
