import type { Server } from 'node:http';
import { startHealthServer } from './healthServer';
import type { Logger } from './logger';

/** What a long-running service (matcher, index feed, risk service) tells the lifecycle about itself. */
export interface ServiceDefinition {
  readonly log: Logger;
  readonly healthPort: number;
  /** Extra fields of GET /health; `healthy` is the lifecycle's (false once draining). */
  readonly health: () => Record<string, unknown>;
  /** GET /metrics, and the figures logged with "stopped". */
  readonly metrics: () => Record<string, unknown>;
  /** The EMF lines written to stdout every `metricsIntervalMs` (service-runtime/emf.ts). */
  readonly emf: () => readonly string[];
  readonly metricsIntervalMs: number;
  /** Starts the work; what it returns is logged with "started". */
  readonly start: () => Promise<Record<string, unknown>>;
  /** Finishes the work in hand and releases what the service holds (leases, clients). */
  readonly stop: () => Promise<void>;
}

/**
 * The one lifecycle of the exchange's Fargate services, so all of them behave alike for ECS: GET /health answers
 * 200 until a drain begins (503 after, so no check mistakes a draining task for a healthy one), GET /metrics gives
 * the counters, EMF lines go to stdout on a timer, and SIGTERM (ECS stopping the task) or SIGINT drains: the work
 * in hand is finished, the service's stop releases what it holds, "stopped" is logged and the process exits 0.
 */
export async function runService(service: ServiceDefinition): Promise<Server> {
  let draining = false;
  const server = await startHealthServer(
    service.healthPort,
    () => ({ ...service.health(), healthy: !draining }),
    service.metrics,
  );
  const writeMetrics = () => {
    for (const line of service.emf()) process.stdout.write(`${line}\n`);
  };
  const metricsTimer = setInterval(writeMetrics, service.metricsIntervalMs);

  const drain = async (signal: string) => {
    if (draining) return;
    draining = true;
    service.log.info('draining', { signal });
    clearInterval(metricsTimer);
    try {
      await service.stop();
    } catch (error) {
      service.log.error('drain failed', { error });
    }
    server.close();
    service.log.info('stopped', { metrics: service.metrics() });
    process.exit(0);
  };
  process.on('SIGTERM', () => void drain('SIGTERM'));
  process.on('SIGINT', () => void drain('SIGINT'));

  const started = await service.start();
  const address = server.address();
  service.log.info('started', {
    port: typeof address === 'object' && address ? address.port : service.healthPort,
    ...started,
  });
  return server;
}

/** The last words of a service that could not start: one JSON line on stderr, exit 1 (ECS restarts the task). */
export function failedToStart(service: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', message: `${service} failed to start`, error: String(error) })}\n`,
    );
    process.exit(1);
  };
}
