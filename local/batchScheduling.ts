// The emulators run under Linux's SCHED_BATCH policy, where the system allows it, so that the stack is not
// preempted by the programs it calls. Measured in docs/local-stack.md ("The emulators scheduled as batch
// processes").

import { spawnSync } from 'node:child_process';

/** `normal` runs the emulators as any other process (to measure against, or where batch misbehaves). */
export const EMULATOR_SCHEDULING_ENV = 'SHARDEX_EMULATOR_SCHEDULING';

let available: boolean | undefined;

/**
 * The command and arguments that start `command args` as a SCHED_BATCH process (`chrt --batch 0 command args`,
 * util-linux), or the command unchanged where chrt is missing or refused, or SHARDEX_EMULATOR_SCHEDULING=normal.
 *
 * Why: each request the stack sends an emulator wakes the emulator, and a woken ordinary process preempts the one
 * that woke it when that one has run longer, so the stack lost its core in the middle of its socket write, with
 * its callbacks waiting, whenever both cores were busy. A batch process is not run ahead of the one that woke it:
 * it takes an idle core, or its turn at the next tick. Its share of the CPU is unchanged. On AWS Kinesis and
 * DynamoDB are other machines and never take a core from the caller; batch scheduling is the nearest a single
 * machine comes to that.
 */
export function batchScheduled(command: string, args: readonly string[]): [string, string[]] {
  if (!batchSchedulingAvailable()) return [command, [...args]];
  return ['chrt', ['--batch', '0', command, ...args]];
}

/** How the emulators started from now on are scheduled (benches print it). */
export function emulatorScheduling(): 'batch' | 'normal' {
  return batchSchedulingAvailable() ? 'batch' : 'normal';
}

function batchSchedulingAvailable(): boolean {
  if (process.env[EMULATOR_SCHEDULING_ENV] === 'normal' || process.platform !== 'linux') return false;
  available ??= spawnSync('chrt', ['--batch', '0', 'true'], { stdio: 'ignore' }).status === 0;
  return available;
}
