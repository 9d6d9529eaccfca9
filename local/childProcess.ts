// What the local stack does with the programs it runs as child processes (the emulators): keep the end of their
// output for error messages, tie their lives to this process, and stop them with a grace period.

import type { ChildProcess } from 'node:child_process';

/** The last 4 KB of the child's output, to explain a failed start. Reading also keeps its pipes from filling. */
export function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4096);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail;
}

/**
 * The child's stop: `ask` it to stop (SIGTERM unless given another way), kill it if it has not exited after
 * `graceMs`; resolves once it exited. Until then, a child still running when this process exits is killed, so a
 * stray emulator never outlives a crashed stack or test run and holds its ports.
 */
export function stopWithParent(
  child: ChildProcess,
  graceMs: number,
  ask: (child: ChildProcess) => void = (c) => c.kill('SIGTERM'),
): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    ask(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
}
