// The emulators' child processes: each serves its emulator on its own, stops when asked, and never outlives the
// stack that started it (its IPC channel closing is how it learns the parent is gone, even after a kill -9).

import { execFileSync, fork, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '../../adapters/aws/clients';
import { batchScheduled, EMULATOR_SCHEDULING_ENV } from '../../local/batchScheduling';
import { startInChildProcess } from '../../local/emulatorProcess';
import { type ChildMessage, isChildMessage } from '../../local/emulatorProtocol';

const CHILD = resolve(__dirname, '../../local/emulatorChild.ts');

// A child starts with tsx compiling its imports: seconds on a busy machine, beyond jest's default 5 s.
jest.setTimeout(60_000);

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

test('kinesalite and dynalite each answer from a child process and stop when asked', async () => {
  const [kinesis, dynamodb] = await Promise.all([
    startInChildProcess('kinesalite'),
    startInChildProcess('dynalite'),
  ]);
  const clients = createAwsClients({ endpoints: { kinesis: kinesis.endpoint, dynamodb: dynamodb.endpoint } });
  try {
    expect((await clients.kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
    expect((await clients.dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  } finally {
    clients.destroy();
    await Promise.all([kinesis.stop(), dynamodb.stop()]);
  }
  await expect(fetch(dynamodb.endpoint)).rejects.toThrow();
});

/** Linux's scheduling policy of a process (/proc/<pid>/stat, field 41): 0 SCHED_OTHER, 3 SCHED_BATCH. */
function policyOf(pid: number): number {
  return Number(statFields(pid)[41]);
}

/** /proc/<pid>/stat by field number (1-based, as proc(5) numbers them); the name, field 2, may hold spaces. */
function statFields(pid: number | string): Record<number, string> {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Object.fromEntries(after.map((field, i) => [i + 3, field]));
}

const SCHED_OTHER = 0;
const SCHED_BATCH = 3;
// Where chrt is missing or may not set the policy, the emulators start as any other process (batchScheduling.ts).
const linuxWithChrt =
  process.platform === 'linux' && spawnSync('chrt', ['--batch', '0', 'true']).status === 0;

(linuxWithChrt ? describe : describe.skip)('scheduling (Linux, util-linux chrt)', () => {
  const policyOfCommand = () => {
    const [command, args] = batchScheduled(process.execPath, [
      '-e',
      "const s = require('fs').readFileSync('/proc/self/stat', 'utf8'); console.log(s.slice(s.lastIndexOf(')') + 2).split(' ')[38])",
    ]);
    return Number(execFileSync(command, args).toString().trim());
  };

  test('a command is started as a batch process, or as any other with SHARDEX_EMULATOR_SCHEDULING=normal', () => {
    // The setting is read at each start; what chrt could do is remembered.
    expect(withScheduling(undefined, policyOfCommand)).toBe(SCHED_BATCH);
    expect(withScheduling('normal', policyOfCommand)).toBe(SCHED_OTHER);
  });

  test('the emulator children run as batch processes, and this process as it was', async () => {
    const ours = policyOf(process.pid);
    const before = children();
    const dynamodb = await withScheduling(undefined, () => startInChildProcess('dynalite'));
    try {
      const started = children().filter((pid) => !before.includes(pid));
      expect(started).toHaveLength(1);
      expect(policyOf(started[0]!)).toBe(SCHED_BATCH);
      expect(policyOf(process.pid)).toBe(ours);
    } finally {
      await dynamodb.stop();
    }
  });
});

/** `run` with SHARDEX_EMULATOR_SCHEDULING set to `value` (unset for undefined), as it was afterwards. */
function withScheduling<T>(value: string | undefined, run: () => T): T {
  const saved = process.env[EMULATOR_SCHEDULING_ENV];
  const set = (v: string | undefined) => {
    if (v === undefined) delete process.env[EMULATOR_SCHEDULING_ENV];
    else process.env[EMULATOR_SCHEDULING_ENV] = v;
  };
  set(value);
  try {
    return run();
  } finally {
    set(saved);
  }
}

/** This process's children (chrt execs the program it starts: the child is the emulator itself). */
function children(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4: the parent's pid.
      if (Number(statFields(entry)[4]) === process.pid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

test('a child whose parent went away (its IPC channel closed) stops by itself', async () => {
  const child = fork(CHILD, ['dynalite', ''], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const first = await new Promise<ChildMessage>((done) =>
    child.on('message', (m) => isChildMessage(m) && done(m)),
  );
  expect(first.type).toBe('listening');
  const gone = new Promise((done) => child.once('exit', done));
  // What the parent's death does to the channel.
  child.disconnect();
  await gone;
  expect(exited(child.pid!)).toBe(true);
});
