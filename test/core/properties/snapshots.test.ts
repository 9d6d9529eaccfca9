// Property 6: a snapshot is a complete state. Restoring one (as the object or as its encoded bytes) at any
// point of a run and feeding it the rest of the commands gives exactly the events and the final state of the
// run that never stopped. Encoding is canonical: encode → decode → encode is byte-identical.

import fc from 'fast-check';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { decodeSnapshot, encodeSnapshot } from '../../../core/engine/snapshot';
import { propertyParameters, testTimeout } from './support/config';
import { expectSame } from './support/expectSame';
import { canonicalJson, runScenario } from './support/run';
import { scenarioArbitrary } from './support/scenario';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 50;

describe('snapshots', () => {
  test(
    'snapshot at a random point + the later commands = the straight run (events and final hash)',
    () => {
      fc.assert(
        fc.property(scenarioArbitrary(), fc.double({ min: 0, max: 1, noNaN: true }), (scenario, where) => {
          const { commands, events, engine: straight } = runScenario(scenario);
          const split = Math.min(commands.length, Math.floor(where * (commands.length + 1)));

          const before = MatchingEngine.create(scenario.market.spec.symbol);
          for (const command of commands.slice(0, split)) before.execute(command);
          const snapshot = before.snapshot();
          const bytes = before.encodedSnapshot();
          const fromObject = MatchingEngine.restore(snapshot);
          const fromBytes = MatchingEngine.restore(bytes);
          expect(fromObject.stateHash()).toBe(before.stateHash());
          expect(fromBytes.stateHash()).toBe(before.stateHash());
          expect(fromObject.seq).toBe(before.seq);

          for (let i = split; i < commands.length; i++) {
            const expected = canonicalJson(events[i]);
            expectSame(
              { at: i, events: canonicalJson(fromObject.execute(commands[i]!)) },
              { at: i, events: expected },
            );
            expectSame(
              { at: i, events: canonicalJson(fromBytes.execute(commands[i]!)) },
              { at: i, events: expected },
            );
          }
          expect(fromObject.stateHash()).toBe(straight.stateHash());
          expect(fromBytes.stateHash()).toBe(straight.stateHash());
          expect(Buffer.from(fromBytes.encodedSnapshot()).equals(straight.encodedSnapshot())).toBe(true);
        }),
        propertyParameters(RUNS),
      );
    },
    testTimeout(RUNS),
  );

  scenarioProperty(
    'encode → decode → encode is byte-identical, and a restored engine re-encodes to the same bytes, after every command',
    RUNS,
    (scenario) => {
      runScenario(scenario, {
        after({ engine, command }) {
          const bytes = engine.encodedSnapshot();
          const decoded = decodeSnapshot(bytes);
          const reencoded = Buffer.from(encodeSnapshot(decoded)).equals(bytes);
          const restored = Buffer.from(MatchingEngine.restore(bytes).encodedSnapshot()).equals(bytes);
          const decodesToSnapshot = canonicalJson(decoded) === canonicalJson(engine.snapshot());
          expectSame(
            { after: command.commandId, reencoded, restored, decodesToSnapshot },
            { after: command.commandId, reencoded: true, restored: true, decodesToSnapshot: true },
          );
        },
      });
    },
  );
});
