// DynamoDB, emulated by dynalite in the calling process (by default a child of its own, local/emulatorChild.ts).
// It supports conditional writes but neither TransactWriteItems nor Streams nor TTL: the local stream poller
// stands in for DynamoDB Streams.

import { mkdirSync } from 'node:fs';
import dynalite from 'dynalite';
import { CREATE_DELAY_MS, type RunningEmulator } from './emulator';
import { runInProcess } from './in-process-server';

/** `dataDir` keeps the tables in LevelDB there (classic-level, prebuilt binary); in memory when absent. */
export function startDynalite(dataDir?: string): Promise<RunningEmulator> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return runInProcess(
    dynalite({
      path: dataDir,
      createTableMs: CREATE_DELAY_MS,
      deleteTableMs: CREATE_DELAY_MS,
      updateTableMs: CREATE_DELAY_MS,
    }),
    { storeInMemory: dataDir === undefined },
  );
}
