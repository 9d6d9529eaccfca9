import type { HttpSourceConfig } from '../adapters/quotes/httpQuoteSource';
import { DEFAULT_INDEX_RULES, type IndexRules } from '../core/indexPrice/compositeIndex';
import { DEFAULT_PREFIX, streamName } from '../resources/declarations';
import { envNumbers } from '../service-runtime/envNumber';
import type { LogLevel } from '../service-runtime/logger';
import { defaultSources } from './defaultSources';

/** Everything the index feed reads from its environment, with the defaults it runs with. */
export interface IndexFeedConfig {
  readonly streamName: string;
  /** Each indexed symbol and its venues: the defaults (defaultSources.ts) unless INDEX_SOURCES names it. */
  readonly symbols: readonly { readonly symbol: string; readonly sources: readonly HttpSourceConfig[] }[];
  readonly rules: IndexRules;
  readonly pollIntervalMs: number;
  /** A venue's answer is awaited this long at most (below the poll interval: one hanging venue delays nothing). */
  readonly sourceTimeoutMs: number;
  readonly healthPort: number;
  readonly metricsIntervalMs: number;
  readonly logLevel: LogLevel;
}

export const DEFAULT_INDEX_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

export function readIndexFeedConfig(env: NodeJS.ProcessEnv = process.env): IndexFeedConfig {
  const prefix = env.SHARDEX_PREFIX ?? DEFAULT_PREFIX;
  const number = envNumbers(env, 'positive number');
  const symbols = (env.INDEX_SYMBOLS ?? DEFAULT_INDEX_SYMBOLS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const overrides = parseSources(env.INDEX_SOURCES);
  return {
    streamName: env.SHARDEX_COMMANDS_STREAM ?? streamName('commands', prefix),
    symbols: symbols.map((symbol) => ({ symbol, sources: overrides[symbol] ?? defaultSources(symbol) })),
    rules: {
      staleAfterMs: number('INDEX_STALE_AFTER_MS', DEFAULT_INDEX_RULES.staleAfterMs),
      maxDeviation: env.INDEX_MAX_DEVIATION ?? DEFAULT_INDEX_RULES.maxDeviation,
    },
    pollIntervalMs: number('INDEX_POLL_INTERVAL_MS', 1_000),
    sourceTimeoutMs: number('INDEX_SOURCE_TIMEOUT_MS', 800),
    healthPort: number('INDEX_HEALTH_PORT', 8080),
    metricsIntervalMs: number('INDEX_METRICS_INTERVAL_MS', 10_000),
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  };
}

/**
 * INDEX_SOURCES: JSON `{ "<SYMBOL>": [{ "name", "url", "jsonPath", "weight" }, …] }`, replacing the default venues
 * of the symbols it names. Checked field by field at start: a typo stops the task, not the index.
 */
export function parseSources(json: string | undefined): Record<string, HttpSourceConfig[]> {
  if (json === undefined || json.trim() === '') return {};
  const parsed = JSON.parse(json) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('INDEX_SOURCES must be an object of symbol → sources');
  const result: Record<string, HttpSourceConfig[]> = {};
  for (const [symbol, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || list.length === 0)
      throw new Error(`INDEX_SOURCES.${symbol} must be a non-empty list`);
    result[symbol] = list.map((source: Record<string, unknown>, i) => {
      for (const field of ['name', 'url', 'jsonPath', 'weight'])
        if (typeof source?.[field] !== 'string' || source[field] === '')
          throw new Error(`INDEX_SOURCES.${symbol}[${i}].${field} must be a non-empty string`);
      if (!/^\d+(\.\d{1,8})?$/.test(String(source.weight)) || !/[1-9]/.test(String(source.weight)))
        throw new Error(`INDEX_SOURCES.${symbol}[${i}].weight must be a positive decimal`);
      // HTTPS to the venues; plain HTTP only to this machine (a stand-in venue in tests and demos).
      if (!/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/.test(String(source.url)))
        throw new Error(`INDEX_SOURCES.${symbol}[${i}].url must be https`);
      return source as unknown as HttpSourceConfig;
    });
  }
  return result;
}
