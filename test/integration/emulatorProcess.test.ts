// The emulators' child processes: each serves its emulator on its own, stops when asked, and never outlives the
// stack that started it (its IPC channel closing is how it learns the parent is gone, even after a kill -9).

import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '../../adapters/aws/clients';
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
