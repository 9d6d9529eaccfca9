// The operator's audit trail: every Operator method either only reads or is audited, and an audited one leaves a
// `requested` record before it runs and a `done` (or `failed`) one after, with who and why, never a secret; the
// trail is hash-chained, so a changed record is found.

import { MemoryOperatorLog } from '../../adapters/memory/operatorLog';
import { OperatorJournal, verifyOperatorLog } from '../../application/audit/operatorJournal';
import { OPERATOR_METHODS, Operator } from '../../application/operator';
import type { RecordedOperatorAction } from '../../core/audit/operatorAction';
import type { MemoryExchange } from '../../local/memoryExchange';
import { exchangeWithBtc } from '../application/support/memory';
import { BTCUSDT, TESTUSDT } from '../core/support/specs';

type Audited = {
  [K in keyof typeof OPERATOR_METHODS]: (typeof OPERATOR_METHODS)[K] extends 'audited' ? K : never;
}[keyof typeof OPERATOR_METHODS];

/** One call of every audited method. Typed over them all: a new audited method does not compile without one. */
const CALLS: Record<Audited, (operator: Operator, accountId: number) => Promise<unknown>> = {
  createAccount: (op) => op.createAccount(),
  deposit: (op, id) => op.deposit(id, '25', 'wire 4711'),
  withdraw: (op, id) => op.withdraw(id, '5', 'payout 12'),
  createApiKey: (op, id) => op.createApiKey(id, ['READ'], 'auditor'),
  revokeApiKey: (op) => op.revokeApiKey('no-such-key'),
  addSymbol: (op) => op.addSymbol(TESTUSDT),
  updateSymbol: (op) => op.updateSymbol(BTCUSDT),
  setSymbolStatus: (op) => op.setSymbolStatus('BTCUSDT', 'HALT'),
  setIndexPrice: (op) => op.setIndexPrice('BTCUSDT', '60000'),
  settleFunding: (op) => op.settleFunding('BTCUSDT'),
};

async function trailOf(exchange: MemoryExchange): Promise<RecordedOperatorAction[]> {
  const records: RecordedOperatorAction[] = [];
  for await (const record of exchange.ports.operatorLog.entries()) records.push(record);
  return records;
}

describe('the operator trail', () => {
  test('every method of the Operator is classified, audited or read-only', () => {
    const methods = Object.getOwnPropertyNames(Operator.prototype).filter(
      (name) => !['constructor', 'because', 'audited'].includes(name),
    );
    expect(methods.sort()).toEqual(Object.keys(OPERATOR_METHODS).sort());
  });

  test.each(Object.keys(CALLS) as Audited[])(
    '%s is recorded before and after it runs, with who and why, and never a secret',
    async (method) => {
      const exchange = await exchangeWithBtc();
      const trader = await exchange.trader();
      const before = (await trailOf(exchange)).length;
      const operator = new Operator(
        { ...exchange.ctx, operatorLog: exchange.ports.operatorLog },
        { actor: 'local:alice@desk', reference: 'ticket OPS-1' },
      );
      const result = await CALLS[method](operator, trader.accountId).catch((error: Error) => error);
      const records = (await trailOf(exchange)).slice(before).map((r) => r.action);
      expect(records.map((r) => [r.action, r.phase, r.actor])).toEqual([
        [method, 'requested', 'local:alice@desk'],
        [method, result instanceof Error ? 'failed' : 'done', 'local:alice@desk'],
      ]);
      const reference =
        method === 'deposit' ? 'wire 4711' : method === 'withdraw' ? 'payout 12' : 'ticket OPS-1';
      expect(records.every((r) => r.reference === reference)).toBe(true);
      if (method === 'createApiKey') {
        const { secret, apiKey } = result as { secret: string; apiKey: string };
        expect(JSON.stringify(await trailOf(exchange))).not.toContain(secret);
        expect(records[1]!.outcome).toBe(`api key ${apiKey}`);
      }
      expect(await verifyOperatorLog(exchange.ports.operatorLog)).toMatchObject({ ok: true });
    },
  );

  test('an action that fails is recorded failed, with the reason; one whose record cannot be written never runs', async () => {
    const exchange = await exchangeWithBtc();
    const operator = new Operator(
      { ...exchange.ctx, operatorLog: exchange.ports.operatorLog },
      { actor: 'local:bob', reference: 'test' },
    );
    await expect(operator.withdraw(999_999, '1', 'no such account')).rejects.toThrow();
    expect((await trailOf(exchange)).at(-1)!.action).toMatchObject({
      action: 'withdraw',
      phase: 'failed',
      outcome: expect.any(String),
    });

    const full = new MemoryOperatorLog();
    full.append = async () => false; // the trail refuses every record
    const unrecorded = new Operator(
      { ...exchange.ctx, operatorLog: full },
      { actor: 'local:bob', reference: '' },
    );
    const accountsBefore = await exchange.ctx.accountStore.nextAccountId();
    await expect(unrecorded.createAccount()).rejects.toThrow(/not recorded/);
    expect(await exchange.ctx.accountStore.nextAccountId()).toBe(accountsBefore + 1); // no account was opened in between
  });

  test('the trail is a hash chain: changing a record is found at that record', async () => {
    const log = new MemoryOperatorLog();
    const journal = new OperatorJournal(log, () => 1_700_000_000_000);
    for (let i = 1; i <= 5; i++)
      await journal.record({ actor: 'a', reference: `r${i}` }, 'deposit', { i }, 'done', 'ok');
    expect(await verifyOperatorLog(log)).toMatchObject({ ok: true, records: 5 });
    const records: RecordedOperatorAction[] = [];
    for await (const record of log.entries()) records.push(record);
    const forged = new MemoryOperatorLog();
    for (const record of records)
      await forged.append(
        record.action.seq === 3 ? { ...record, action: { ...record.action, actor: 'someone else' } } : record,
      );
    expect(await verifyOperatorLog(forged)).toMatchObject({ ok: false, divergence: { seq: 3 } });
  });

  test('one operator acting many times at once: every action is recorded, in one unbroken chain', async () => {
    const log = new MemoryOperatorLog();
    const journal = new OperatorJournal(log, () => 1_700_000_000_000);
    const recorded = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        journal.record({ actor: 'script', reference: `batch ${i}` }, 'createAccount', { i }, 'requested'),
      ),
    );
    expect(recorded.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(await verifyOperatorLog(log)).toMatchObject({ ok: true, records: 100 });
  });
});
