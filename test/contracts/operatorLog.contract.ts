import type { OperatorLog } from '../../application/ports/operatorLog';
import type { OperatorAction, RecordedOperatorAction } from '../../core/audit/operatorAction';

function recordAt(seq: number): RecordedOperatorAction {
  const action: OperatorAction = {
    seq,
    time: 1_700_000_000_000 + seq,
    actor: 'local:alice',
    action: 'deposit',
    reference: `wire ${seq}`,
    details: { accountId: 2, amount: '10', note: null, big: true },
    phase: 'done',
    outcome: 'ok',
  };
  return { action, chain: String(seq).padStart(64, '0') };
}

/** The operator's trail; `make` gives an empty trail (each DynamoDB test its own table prefix is not needed:
 * the trail is one log, so the suite only appends after what is there). */
export function operatorLogContract(make: () => OperatorLog | Promise<OperatorLog>): void {
  describe('OperatorLog', () => {
    test('records read back exactly, in order; a taken sequence is refused; last is the newest', async () => {
      const log = await make();
      const start = (await log.last())?.action.seq ?? 0;
      expect(await log.append(recordAt(start + 1))).toBe(true);
      expect(await log.append(recordAt(start + 2))).toBe(true);
      expect(await log.append({ ...recordAt(start + 2), chain: 'f'.repeat(64) })).toBe(false);
      expect(await log.last()).toEqual(recordAt(start + 2));
      const read: RecordedOperatorAction[] = [];
      for await (const record of log.entries(start)) read.push(record);
      expect(read).toEqual([recordAt(start + 1), recordAt(start + 2)]);
    });
  });
}
