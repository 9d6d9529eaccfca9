/**
 * CloudWatch's embedded metric format: one JSON log line that CloudWatch Logs turns into metrics, with no agent
 * and no API call from the service. Every service of the exchange (matcher, index feed, risk) writes its metrics
 * this way, so the alarms in lib/ read them from the namespaces and dimensions given here.
 */
export interface EmfMetric {
  readonly name: string;
  readonly value: number;
  readonly unit?: 'Count' | 'Seconds' | 'Milliseconds' | 'None';
  /** 1 for high-resolution (one-second) metrics; default 60. */
  readonly resolution?: 1 | 60;
}

export function emfLine(
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly EmfMetric[],
  timestamp: number,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: metrics.map(({ name, unit, resolution }) => ({
            Name: name,
            ...(unit === undefined ? {} : { Unit: unit }),
            ...(resolution === undefined ? {} : { StorageResolution: resolution }),
          })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
  });
}
