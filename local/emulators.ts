// The local AWS: a Kinesis emulator and dynalite on free loopback ports (each in a child process by default),
// with the declared stream and tables created and ACTIVE. Tests start it in memory; `npm start` gives it a data
// directory so state survives restarts.

import { join } from 'node:path';
import { type AwsClients, createAwsClients } from '../adapters/aws/clients';
import { DEFAULT_PREFIX, type ResourceNames, resourceNames } from '../resources/declarations';
import { startDynalite } from './dynalite';
import type { RunningEmulator } from './emulator';
import { startInChildProcess } from './emulatorProcess';
import type { ChildEmulator } from './emulatorProtocol';
import { startKinesalite } from './kinesalite';
import { startKinesisLocal } from './kinesis-local';
import { provision } from './provision';

/** kinesalite: in-process and fast. kinesis-local: kinesis-mock (LocalStack's engine), closer to AWS, slower. */
export const kinesisEngines = ['kinesalite', 'kinesis-local'] as const;
export type KinesisEngine = (typeof kinesisEngines)[number];

/**
 * Where kinesalite and dynalite run: each in a child process of its own (as separate programs serve Kinesis and
 * DynamoDB on AWS; the stack's loop keeps its core), or inside this process (no process to start, for tests that
 * start bare emulators many times). kinesis-local is a program and always runs as a child.
 */
export const emulatorPlacements = ['child', 'in-process'] as const;
export type EmulatorPlacement = (typeof emulatorPlacements)[number];

export interface EmulatorOptions {
  /** Default: SHARDEX_KINESIS, else kinesalite. */
  readonly kinesis?: KinesisEngine;
  /** Default: SHARDEX_EMULATORS, else child. */
  readonly placement?: EmulatorPlacement;
  /** Persist emulator state under this directory; in memory when absent. */
  readonly dataDir?: string;
  /** Prefix of physical resource names. */
  readonly prefix?: string;
  /** kinesis-local only: how often it writes its data to disk. */
  readonly persistIntervalMs?: number;
}

export interface LocalEmulators {
  readonly kinesisEngine: KinesisEngine;
  readonly placement: EmulatorPlacement;
  readonly endpoints: { readonly kinesis: string; readonly dynamodb: string };
  readonly names: ResourceNames;
  /** Clients pointed at the emulators, to pass to handlers and the matcher. Destroyed by stop(). */
  readonly clients: AwsClients;
  /** Milliseconds each part of the start took: emulators started side by side, then resources created. */
  readonly startupMs: { readonly kinesis: number; readonly dynamodb: number; readonly resources: number };
  /** Destroys the clients and stops both emulators, freeing their ports. Safe to call twice. */
  stop(): Promise<void>;
}

export function kinesisEngineFromEnv(env: NodeJS.ProcessEnv = process.env): KinesisEngine {
  const value = env.SHARDEX_KINESIS || 'kinesalite';
  const engine = kinesisEngines.find((e) => e === value);
  if (!engine) throw new Error(`SHARDEX_KINESIS=${value}: expected one of ${kinesisEngines.join(', ')}`);
  return engine;
}

export function emulatorPlacementFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorPlacement {
  const value = env.SHARDEX_EMULATORS || 'child';
  const placement = emulatorPlacements.find((p) => p === value);
  if (!placement)
    throw new Error(`SHARDEX_EMULATORS=${value}: expected one of ${emulatorPlacements.join(', ')}`);
  return placement;
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<LocalEmulators> {
  const engine = options.kinesis ?? kinesisEngineFromEnv();
  const placement = options.placement ?? emulatorPlacementFromEnv();
  const dataDir = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
  const started = await Promise.allSettled([
    timed(() => startKinesis(engine, placement, dataDir(engine), options.persistIntervalMs)),
    timed(() => startLibrary('dynalite', placement, dataDir('dynalite'))),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.result] : []));
  const stopAll = () => Promise.all(running.map((e) => e.stop())).then(() => undefined);
  const [kinesis, dynamodb] = started;
  if (kinesis?.status !== 'fulfilled' || dynamodb?.status !== 'fulfilled') {
    await stopAll();
    throw started.find((s) => s.status === 'rejected')?.reason;
  }

  const endpoints = { kinesis: kinesis.value.result.endpoint, dynamodb: dynamodb.value.result.endpoint };
  const clients = createAwsClients({ endpoints, emulator: true });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= Promise.resolve().then(() => {
      clients.destroy();
      return stopAll();
    });
    return stopped;
  };
  const names = resourceNames(options.prefix ?? DEFAULT_PREFIX);
  const resources = await timed(() => provision(clients, names)).catch(async (err) => {
    await stop();
    throw err;
  });

  return {
    kinesisEngine: engine,
    placement,
    endpoints,
    names,
    clients,
    startupMs: { kinesis: kinesis.value.ms, dynamodb: dynamodb.value.ms, resources: resources.ms },
    stop,
  };
}

function startKinesis(
  engine: KinesisEngine,
  placement: EmulatorPlacement,
  dataDir?: string,
  persistIntervalMs?: number,
): Promise<RunningEmulator> {
  switch (engine) {
    case 'kinesalite':
      return startLibrary('kinesalite', placement, dataDir);
    case 'kinesis-local':
      return startKinesisLocal({ dataDir, persistIntervalMs });
  }
}

function startLibrary(
  kind: ChildEmulator,
  placement: EmulatorPlacement,
  dataDir?: string,
): Promise<RunningEmulator> {
  if (placement === 'child') return startInChildProcess(kind, dataDir);
  return kind === 'dynalite' ? startDynalite(dataDir) : startKinesalite(dataDir);
}

async function timed<T>(f: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await f();
  return { result, ms: Math.round(performance.now() - start) };
}
