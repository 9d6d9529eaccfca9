import { parseArgs } from 'node:util';
import { createAwsClients } from '../adapters/aws/clients';
import { KinesisCommandBus } from '../adapters/aws/commands/commandBus';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { HttpQuoteSource } from '../adapters/quotes/httpQuoteSource';
import { IndexFeed } from '../application/marketPrices/indexFeed';
import type { CommandBus } from '../application/ports/commandBus';
import { createLogger } from '../service-runtime/logger';
import { failedToStart, runService } from '../service-runtime/serviceLifecycle';
import { readIndexFeedConfig } from './config';
import { FeedRunner } from './feedRunner';
import { IndexFeedMetrics } from './metrics';

/** The CloudWatch namespace and Service dimension of the feed's EMF metrics (lib/indexFeedService.ts alarms on them). */
const NAMESPACE = 'Shardex/IndexFeed';
const SERVICE = 'index-feed';

/**
 * The index feed service: `node index-feed.js` in its container (ECS Fargate). Every second it reads each
 * symbol's spot venues, composes the index and puts `UpdateIndexPrice` on the commands stream (partition key =
 * symbol). `--check` is a dry run: one round against the real venues, printed, nothing put, no AWS needed.
 * The services' common lifecycle (service-runtime/): JSON logs, GET /health and /metrics, EMF metrics, drain on SIGTERM.
 */
async function main(): Promise<void> {
  silenceSdkNodeNotice();
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const config = readIndexFeedConfig();
  const symbols = config.symbols.map(({ symbol, sources }) => ({
    symbol,
    sources: sources.map((source) => new HttpQuoteSource(source, config.sourceTimeoutMs)),
  }));

  if (values.check) {
    const nowhere: CommandBus = {
      put: async () => {
        throw new Error('--check puts nothing');
      },
    };
    const ticks = await new IndexFeed({ commands: nowhere, clock: Date.now }, symbols, config.rules).tick({
      publish: false,
    });
    for (const tick of ticks)
      process.stdout.write(
        `${JSON.stringify({ wouldPublish: tick.composition.price !== undefined, stream: config.streamName, partitionKey: tick.symbol, ...tick })}\n`,
      );
    return;
  }

  const log = createLogger({ service: SERVICE }, config.logLevel);
  const aws = createAwsClients();
  const feed = new IndexFeed(
    { commands: new KinesisCommandBus(aws.kinesis, config.streamName), clock: Date.now },
    symbols,
    config.rules,
  );
  const metrics = new IndexFeedMetrics(
    symbols.map((s) => s.symbol),
    Date.now(),
  );
  const runner = new FeedRunner(
    feed,
    config.pollIntervalMs,
    (ticks) => {
      metrics.record(ticks, Date.now());
      for (const tick of ticks) {
        if (tick.failures.length > 0)
          log.debug('venues failed', { symbol: tick.symbol, failures: tick.failures });
        if (tick.publishError !== undefined)
          log.warn('index not put', { symbol: tick.symbol, error: tick.publishError });
        else if (tick.composition.price === undefined)
          log.warn('no usable venue', { symbol: tick.symbol, leftOut: tick.composition.leftOut });
      }
    },
    (error) => log.error('tick failed', { error }),
  );
  await runService({
    log,
    healthPort: config.healthPort,
    health: () => metrics.snapshot(Date.now()),
    metrics: () => metrics.snapshot(Date.now()),
    emf: () => metrics.emf(NAMESPACE, SERVICE, Date.now()),
    metricsIntervalMs: config.metricsIntervalMs,
    start: async () => {
      runner.start();
      return {
        stream: config.streamName,
        symbols: config.symbols.map((s) => ({ symbol: s.symbol, sources: s.sources.map((v) => v.name) })),
        pollIntervalMs: config.pollIntervalMs,
      };
    },
    stop: async () => {
      await runner.stop();
      aws.destroy();
    },
  });
}

main().catch(failedToStart('index feed'));
