// Property 10: a rejection changes nothing but the sequence number (and the clock of the last event). An
// OrderRejected or CommandRejected is the command's only event, and the engine's snapshot after it equals the one
// before it except for seq and lastEventTime.
// Commands written to be invalid are refused with the code the matching-semantics page gives.

import type { EngineSnapshot } from '../../../core/engine/snapshot';
import { encodeSnapshot } from '../../../core/engine/snapshot';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

const withoutSeq = (snapshot: EngineSnapshot) =>
  Buffer.from(encodeSnapshot({ ...snapshot, seq: 0, lastEventTime: 0 }));

describe('rejections', () => {
  scenarioProperty(
    'a rejected command is its only event and leaves the state as it was, but for seq (index prices and funding among them)',
    RUNS,
    (scenario) => {
      let before: EngineSnapshot | undefined;
      runScenario(scenario, {
        before(engine) {
          before = engine.snapshot();
        },
        after({ engine, events, command }) {
          const rejected = events.some((e) => e.type === 'OrderRejected' || e.type === 'CommandRejected');
          if (!rejected) return;
          const unchanged = withoutSeq(engine.snapshot()).equals(withoutSeq(before!));
          expectSame(
            { command: command.commandId, events: events.map((e) => e.type), seq: engine.seq, unchanged },
            {
              command: command.commandId,
              events: [events[0]!.type],
              seq: before!.seq + 1,
              unchanged: true,
            },
          );
        },
      });
    },
    { futures: true },
  );

  for (const [label, options] of [
    ['', {}],
    [', with index prices and funding (the band at the mark)', { futures: true }],
  ] as const) {
    scenarioProperty(
      `deliberately invalid commands are refused with the documented code${label}`,
      RUNS,
      (scenario) => {
        runScenario(scenario, {
          after({ planned, events, command }) {
            if (planned.expectedCode === undefined) return;
            const outcome = events[0]!;
            const code =
              outcome.type === 'OrderRejected' || outcome.type === 'CommandRejected'
                ? outcome.code
                : undefined;
            expectSame(
              { command, outcome: outcome.type, code },
              {
                command,
                outcome: command.type === 'PlaceOrder' ? 'OrderRejected' : 'CommandRejected',
                code: planned.expectedCode,
              },
            );
          },
        });
      },
      options,
    );
  }
});
