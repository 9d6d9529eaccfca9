import type { RiskService } from './riskService';

export interface RiskRunnerSettings {
  /** How often the leases are renewed and balanced: well inside a lease (a quarter of it by default). */
  readonly renewIntervalMs: number;
  /** The pause after a poll that found nothing new. */
  readonly idlePollMs: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Runs a risk service: two loops, so a long poll (a shard recovering from the start of the log) never delays a
 * renewal past the lease. The same runner runs it on Fargate (risk-fargate/main.ts) and in `npm start`.
 * Its timers are unref'd: they never keep a process alive on their own.
 */
export function runRiskService(
  service: RiskService,
  settings: RiskRunnerSettings,
): { stop(): Promise<void> } {
  let stopped = false;
  const sleeping = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((wake) => {
      const timer = setTimeout(done, ms).unref();
      function done() {
        clearTimeout(timer);
        sleeping.delete(done);
        wake();
      }
      sleeping.add(done);
    });
  const loop = async (step: () => Promise<number | undefined>, pauseMs: (result?: number) => number) => {
    while (!stopped) {
      let result: number | undefined;
      try {
        result = await step();
      } catch (error) {
        settings.onError(error);
      }
      if (!stopped) await sleep(pauseMs(result));
    }
  };
  const leases = loop(
    async () => {
      await service.balance();
      return undefined;
    },
    () => settings.renewIntervalMs,
  );
  const polls = loop(
    () => service.poll(),
    (applied) => (applied === undefined || applied === 0 ? settings.idlePollMs : 0),
  );
  return {
    async stop() {
      stopped = true;
      for (const wake of [...sleeping]) wake();
      await Promise.all([leases, polls]);
      await service.stop();
    },
  };
}
