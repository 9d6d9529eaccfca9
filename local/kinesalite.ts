// Kinesis, emulated by kinesalite in the calling process (by default a child of its own, local/emulatorChild.ts):
// fast, but lenient (no per-shard throttling).

import { mkdirSync } from 'node:fs';
import kinesalite from 'kinesalite';
import { CREATE_DELAY_MS, type RunningEmulator } from './emulator';
import { runInProcess } from './in-process-server';

/** `dataDir` keeps the streams in LevelDB there (leveldown, prebuilt binary); in memory when absent. */
export function startKinesalite(dataDir?: string): Promise<RunningEmulator> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return runInProcess(
    kinesalite({
      path: dataDir,
      createStreamMs: CREATE_DELAY_MS,
      deleteStreamMs: CREATE_DELAY_MS,
      updateStreamMs: CREATE_DELAY_MS,
      shardLimit: 50,
    }),
    { storeInMemory: dataDir === undefined },
  );
}
