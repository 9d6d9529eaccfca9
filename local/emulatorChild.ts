// The entry of an emulator's child process (local/emulatorProcess.ts starts it): kinesalite or dynalite alone on
// this process's event loop, as separate programs serve Kinesis and DynamoDB on AWS. It reports its endpoint to
// the parent over IPC, stops (flushing a database on disk) when asked, and stops by itself when the parent goes
// away (its IPC channel closes), so that it never outlives the stack that started it.

import { startDynalite } from './dynalite';
import type { RunningEmulator } from './emulator';
import { type ChildEmulator, type ChildMessage, isParentMessage } from './emulatorProtocol';
import { startKinesalite } from './kinesalite';

function start(kind: ChildEmulator, dataDir: string | undefined): Promise<RunningEmulator> {
  switch (kind) {
    case 'dynalite':
      return startDynalite(dataDir);
    case 'kinesalite':
      return startKinesalite(dataDir);
  }
}

function report(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [kind, dataDir] = process.argv.slice(2) as [ChildEmulator, string | undefined];
  const emulator = await start(kind, dataDir || undefined);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= emulator
      .stop()
      .catch(() => undefined)
      .then(() => process.exit(0));
    return stopping;
  };
  process.on('message', (message) => {
    if (isParentMessage(message) && message.type === 'stop') void stop();
  });
  // The parent died (even by SIGKILL): nobody will ask us to stop.
  process.on('disconnect', () => void stop());
  report({ type: 'listening', endpoint: emulator.endpoint });
}

main().catch((error: unknown) => {
  report({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
