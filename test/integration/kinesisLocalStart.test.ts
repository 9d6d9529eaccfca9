// kinesis-local is given ports that were free a moment ago; another process may be handed one of them before it
// binds. Its start is only done once the port answers as Kinesis, and a clash starts it again on new ports.

import { createServer } from 'node:net';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '../../adapters/aws/clients';
import { startDynalite } from '../../local/dynalite';
import type { RunningEmulator } from '../../local/emulator';
import { freePorts } from '../../local/free-port';
import { kinesisAnswer, startKinesisLocal } from '../../local/kinesis-local';

jest.mock('../../local/free-port', () => {
  const actual = jest.requireActual('../../local/free-port');
  return { freePorts: jest.fn(actual.freePorts) };
});

jest.setTimeout(60_000);

const portOf = (emulator: RunningEmulator) => Number(new URL(emulator.endpoint).port);

/** The next start of kinesis-local is handed `plain` as its plain port (and a free TLS port). */
async function handOut(plain: number): Promise<void> {
  const actual: typeof import('../../local/free-port') = jest.requireActual('../../local/free-port');
  const [tls] = (await actual.freePorts(1)) as [number];
  jest.mocked(freePorts).mockClear().mockResolvedValueOnce([plain, tls]);
}

let dynalite: RunningEmulator;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(() => dynalite.stop());

test('a port is told apart by its answer: Kinesis, something else, or nothing yet', async () => {
  const kinesis = await startKinesisLocal();
  try {
    expect(await kinesisAnswer(portOf(kinesis))).toBe('kinesis');
  } finally {
    await kinesis.stop();
  }
  // DynamoDB answers a Kinesis request with a body the Kinesis client cannot parse (a SyntaxError, not an error
  // of Kinesis's own): what a stack whose Kinesis port was taken saw.
  expect(await kinesisAnswer(portOf(dynalite))).toBe('other');
  const [closed] = (await freePorts(1)) as [number];
  expect(await kinesisAnswer(closed)).toBe('none');
});

test('a start whose port another process took first is tried again on new ports', async () => {
  await handOut(portOf(dynalite));

  const kinesis = await startKinesisLocal();
  try {
    expect(portOf(kinesis)).not.toBe(portOf(dynalite));
    const clients = createAwsClients({
      endpoints: { kinesis: kinesis.endpoint, dynamodb: dynalite.endpoint },
      emulator: true,
    });
    try {
      expect(await clients.kinesis.send(new ListStreamsCommand({}))).toMatchObject({ StreamNames: [] });
    } finally {
      clients.destroy();
    }
  } finally {
    await kinesis.stop();
  }
  expect(jest.mocked(freePorts)).toHaveBeenCalledTimes(2);
});

test('a start whose port is taken by something that does not answer HTTP is tried again too', async () => {
  const silent = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await handOut(port);
  try {
    const kinesis = await startKinesisLocal();
    expect(portOf(kinesis)).not.toBe(port);
    await kinesis.stop();
  } finally {
    await new Promise((resolve) => silent.close(resolve));
  }
  expect(jest.mocked(freePorts)).toHaveBeenCalledTimes(2);
});
