import type { Node } from 'constructs';
import { DEFAULT_PREFIX, riskService, streams } from '../resources/declarations';

/**
 * Everything an operator may tune per environment, read from CDK context (`cdk deploy -c key=value`, or the
 * `context` block of cdk.json) with the defaults below. Values given on the command line arrive as strings, so
 * every number and boolean is parsed and checked here, once: a typo fails the synth, not the deploy.
 */
export interface ShardexConfig {
  /** Prefix of every physical table and stream name (resources/declarations.ts), and of the stack name. */
  readonly prefix: string;
  readonly stackName: string;
  /** Provisioned shards of the `commands` stream: each takes 1,000 records/s in; one symbol stays on one shard. */
  readonly commandShards: number;
  /** Kinesis retention of `commands`, hours (24 … 8760). */
  readonly streamRetentionHours: number;
  /** Fargate task size of the matcher: vCPU units (256 = 0.25 vCPU) and MiB, a valid Fargate combination. */
  readonly matcherCpu: number;
  readonly matcherMemoryMiB: number;
  /** Matcher tasks: one owns each shard at a time (leases); more than one means a warm standby takes over. */
  readonly matcherDesiredCount: number;
  /** Seconds ECS waits after SIGTERM before SIGKILL: the matcher commits its batch and releases its leases. */
  readonly matcherStopTimeoutSeconds: number;
  readonly matcherArchitecture: 'arm64' | 'x86_64';
  /** 0: the matcher runs in public subnets with a public IP and no inbound rule; > 0: private subnets + NAT. */
  readonly natGateways: number;
  /** Retention of every log group (Lambda, matcher, API access logs, VPC flow logs), days. */
  readonly logRetentionDays: number;
  /** Removal policy of the tables that can be rebuilt or are short-lived (the system of record is always kept). */
  readonly removalPolicy: 'retain' | 'destroy';
  /** API Gateway stage throttling, requests per second and burst, for the REST and the WebSocket API. */
  readonly httpRateLimit: number;
  readonly httpBurstLimit: number;
  readonly wsRateLimit: number;
  readonly wsBurstLimit: number;
  /** Where alarm notifications go (an SNS e-mail subscription); none: the topic has no subscriber. */
  readonly alarmEmail: string | undefined;
  /**
   * Set API Gateway's account-level CloudWatch Logs role (one per account and region; WebSocket access logs need
   * it). Turn off when the account already has one.
   */
  readonly apiGatewayAccountRole: boolean;
  /**
   * The symbols the index feed service indexes (comma-separated in context), each on its default spot venues
   * (index-feed-fargate/defaultSources.ts); one "no fresh index" alarm per symbol.
   */
  readonly indexSymbols: readonly string[];
  /** Risk service tasks: the account shards are spread over them by leases; more tasks, fewer shards each. */
  readonly riskDesiredCount: number;
  /** Account shards of the risk service (account id mod N): every task gets the same N (resources/declarations). */
  readonly riskAccountShards: number;
  /** An insurance fund paying out more than this (margin asset units) within an hour pages (per symbol). */
  readonly insuranceDrawdownAlarm: number;
}

export const DEFAULT_CONFIG: ShardexConfig = {
  prefix: DEFAULT_PREFIX,
  stackName: stackNameFor(DEFAULT_PREFIX),
  commandShards: streams.commands.shards,
  streamRetentionHours: 24,
  matcherCpu: 512,
  matcherMemoryMiB: 1024,
  matcherDesiredCount: 2,
  matcherStopTimeoutSeconds: 60,
  matcherArchitecture: 'arm64',
  natGateways: 0,
  logRetentionDays: 30,
  removalPolicy: 'destroy',
  httpRateLimit: 500,
  httpBurstLimit: 1000,
  wsRateLimit: 500,
  wsBurstLimit: 1000,
  alarmEmail: undefined,
  apiGatewayAccountRole: true,
  indexSymbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  riskDesiredCount: 2,
  riskAccountShards: riskService.accountShards,
  insuranceDrawdownAlarm: 10_000,
};

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Fargate's valid CPU units → memory (MiB) ranges. */
const FARGATE_SIZES: Record<number, { min: number; max: number; step: number }> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** The stack name of an environment: its prefix without the trailing separator (`shardex-` → `shardex`). */
export function stackNameFor(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9]+$/, '');
}

export class ConfigError extends Error {}

/** Looks a context key up: `node.tryGetContext`, or a plain object's property in tests. */
export type Context = (key: string) => unknown;

/** Reads the configuration from a construct tree's context (the App's, in practice). */
export function readConfig(node: Node): ShardexConfig {
  return parseConfig((key) => node.tryGetContext(key));
}

export function parseConfig(context: Context): ShardexConfig {
  const d = DEFAULT_CONFIG;
  const prefix = text(context, 'prefix', d.prefix);
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) {
    throw new ConfigError(`context prefix must be lowercase letters, digits and '-', got ${prefix}`);
  }
  const stackName = text(context, 'stackName', stackNameFor(prefix));
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new ConfigError(`context stackName is not a valid CloudFormation stack name: ${stackName}`);
  }
  const config: ShardexConfig = {
    prefix,
    stackName,
    commandShards: integer(context, 'commandShards', d.commandShards, 1, 500),
    streamRetentionHours: integer(context, 'streamRetentionHours', d.streamRetentionHours, 24, 8760),
    matcherCpu: integer(context, 'matcherCpu', d.matcherCpu, 256, 16384),
    matcherMemoryMiB: integer(context, 'matcherMemoryMiB', d.matcherMemoryMiB, 512, 122880),
    matcherDesiredCount: integer(context, 'matcherDesiredCount', d.matcherDesiredCount, 1, 100),
    matcherStopTimeoutSeconds: integer(
      context,
      'matcherStopTimeoutSeconds',
      d.matcherStopTimeoutSeconds,
      2,
      120,
    ),
    matcherArchitecture: oneOf(context, 'matcherArchitecture', d.matcherArchitecture, ['arm64', 'x86_64']),
    natGateways: integer(context, 'natGateways', d.natGateways, 0, 2),
    logRetentionDays: integer(context, 'logRetentionDays', d.logRetentionDays, 1, 3653),
    removalPolicy: oneOf(context, 'removalPolicy', d.removalPolicy, ['retain', 'destroy']),
    httpRateLimit: integer(context, 'httpRateLimit', d.httpRateLimit, 1, 100_000),
    httpBurstLimit: integer(context, 'httpBurstLimit', d.httpBurstLimit, 1, 100_000),
    wsRateLimit: integer(context, 'wsRateLimit', d.wsRateLimit, 1, 100_000),
    wsBurstLimit: integer(context, 'wsBurstLimit', d.wsBurstLimit, 1, 100_000),
    alarmEmail: optionalText(context, 'alarmEmail'),
    apiGatewayAccountRole: boolean(context, 'apiGatewayAccountRole', d.apiGatewayAccountRole),
    indexSymbols: symbolList(context, 'indexSymbols', d.indexSymbols),
    riskDesiredCount: integer(context, 'riskDesiredCount', d.riskDesiredCount, 1, 100),
    riskAccountShards: integer(context, 'riskAccountShards', d.riskAccountShards, 1, 1024),
    insuranceDrawdownAlarm: integer(
      context,
      'insuranceDrawdownAlarm',
      d.insuranceDrawdownAlarm,
      1,
      1_000_000_000,
    ),
  };
  if (!LOG_RETENTION_DAYS.includes(config.logRetentionDays)) {
    throw new ConfigError(
      `context logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}, got ${config.logRetentionDays}`,
    );
  }
  const size = FARGATE_SIZES[config.matcherCpu];
  const memory = config.matcherMemoryMiB;
  if (size === undefined || memory < size.min || memory > size.max || (memory - size.min) % size.step !== 0) {
    throw new ConfigError(
      `matcherCpu ${config.matcherCpu} with matcherMemoryMiB ${memory} is not a Fargate task size`,
    );
  }
  if (config.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(config.alarmEmail)) {
    throw new ConfigError(`context alarmEmail is not an e-mail address: ${config.alarmEmail}`);
  }
  return config;
}

function raw(context: Context, key: string): unknown {
  const value = context(key);
  return value === '' ? undefined : value;
}

function text(context: Context, key: string, fallback: string): string {
  return optionalText(context, key) ?? fallback;
}

function optionalText(context: Context, key: string): string | undefined {
  const value = raw(context, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`context ${key} must be a string`);
  return value;
}

function integer(context: Context, key: string, fallback: number, min: number, max: number): number {
  const value = raw(context, key);
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`context ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return n;
}

function symbolList(context: Context, key: string, fallback: readonly string[]): readonly string[] {
  const value = optionalText(context, key);
  if (value === undefined) return fallback;
  const symbols = value.split(',').map((s) => s.trim());
  if (
    symbols.length === 0 ||
    symbols.some((s) => !/^[A-Z0-9]{2,20}USDT$/.test(s)) ||
    new Set(symbols).size !== symbols.length
  )
    throw new ConfigError(
      `context ${key} must be distinct <BASE>USDT symbols separated by commas, got ${value}`,
    );
  return symbols;
}

function boolean(context: Context, key: string, fallback: boolean): boolean {
  const value = raw(context, key);
  if (value === undefined || value === null) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(`context ${key} must be true or false, got ${String(value)}`);
}

function oneOf<T extends string>(context: Context, key: string, fallback: T, allowed: readonly T[]): T {
  const value = raw(context, key);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`context ${key} must be one of ${allowed.join(', ')}, got ${String(value)}`);
}
