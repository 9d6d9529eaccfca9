// kinesalite or dynalite in a child process of its own (local/emulatorChild.ts), as separate programs serve
// Kinesis and DynamoDB on AWS: the stack's event loop (gateway, matcher, consumers) then does not share a core
// with the emulators' request parsing and LevelDB. Measured in docs/local-stack.md ("Processes"). The child is
// scheduled as a batch process (batchScheduling.ts).

import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { batchScheduled } from './batchScheduling';
import { keepTail, stopWithParent } from './childProcess';
import type { RunningEmulator } from './emulator';
import { type ChildEmulator, isChildMessage, type ParentMessage } from './emulatorProtocol';

const READY_TIMEOUT_MS = 30_000;
/** A database on disk is flushed on stop; a child that takes longer than this is killed. */
const STOP_TIMEOUT_MS = 10_000;

export async function startInChildProcess(kind: ChildEmulator, dataDir?: string): Promise<RunningEmulator> {
  // The child is TypeScript like the rest of local/: tsx's CommonJS hook compiles it (≈ 0.1 s of start-up).
  const [execPath, execArgv] = batchScheduled(process.execPath, ['--require', require.resolve('tsx/cjs')]);
  const child = fork(resolve(__dirname, 'emulatorChild.ts'), [kind, dataDir ?? ''], {
    execPath,
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: a Ctrl-C in the terminal signals the stack, which commits what it has in hand and
    // only then stops its emulators, instead of the emulators dying under that last commit.
    detached: true,
  });
  const output = keepTail(child);
  // The child also stops by itself when its IPC channel closes; stopWithParent covers a parent that exits without
  // stop(). Asked over IPC, the child drains and closes its database; without the channel, SIGTERM.
  const stop = stopWithParent(child, STOP_TIMEOUT_MS, (c) => {
    if (c.connected) c.send({ type: 'stop' } satisfies ParentMessage);
    else c.kill('SIGTERM');
  });
  try {
    const endpoint = await listening(kind, child, output);
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listening(kind: ChildEmulator, child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolveEndpoint, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${kind} did not start within ${READY_TIMEOUT_MS} ms:\n${output()}`)),
      READY_TIMEOUT_MS,
    );
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'listening') done(() => resolveEndpoint(message.endpoint));
      else fail(new Error(`${kind} failed to start: ${message.error}`));
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`${kind} exited (${code ?? signal}) before listening:\n${output()}`));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error: Error) => done(() => reject(error));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
