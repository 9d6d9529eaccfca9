// kinesalite or dynalite in a child process of its own (local/emulatorChild.ts), as separate programs serve
// Kinesis and DynamoDB on AWS: the stack's event loop (gateway, matcher, consumers) then does not share a core
// with the emulators' request parsing and LevelDB. Measured in docs/local-stack.md ("Processes").

import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunningEmulator } from './emulator';
import { type ChildEmulator, isChildMessage, type ParentMessage } from './emulatorProtocol';

const READY_TIMEOUT_MS = 30_000;
/** A database on disk is flushed on stop; a child that takes longer than this is killed. */
const STOP_TIMEOUT_MS = 10_000;

export async function startInChildProcess(kind: ChildEmulator, dataDir?: string): Promise<RunningEmulator> {
  const child = fork(resolve(__dirname, 'emulatorChild.ts'), [kind, dataDir ?? ''], {
    // The child is TypeScript like the rest of local/: tsx's CommonJS hook compiles it (≈ 0.1 s of start-up).
    execArgv: ['--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = keepTail(child);
  // The child also stops by itself when its IPC channel closes; this covers a parent that exits without stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await terminate(child);
  };
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

/** The last few KB of the child's output, to explain a failed start. Reading also keeps its pipes from filling. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4096);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail;
}

/** Asks the child to stop (it drains and closes its database), kills it if it hangs; resolves once it exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
