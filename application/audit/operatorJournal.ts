import type { OperatorAction, OperatorActionPhase, OperatorDetail } from '../../core/audit/operatorAction';
import type { Clock } from '../ports/clock';
import { OPERATOR_GENESIS, type OperatorLog, operatorActionLink } from '../ports/operatorLog';

/** Who acts, and why: the AWS principal or local user, and the operator's --reference. */
export interface OperatorIdentity {
  readonly actor: string;
  readonly reference: string;
}

/** Appends are retried this many times when another process's operator took the sequence first. */
const APPEND_ATTEMPTS = 20;

/**
 * Writes the operator's audit trail: each record chained to the one before (application/ports/operatorLog.ts).
 * Its records are in a table of the system of record, never only in a process's log lines.
 */
export class OperatorJournal {
  /**
   * This process's appends, one at a time: concurrent actions of one operator (a script creating accounts in
   * parallel) would otherwise race each other for every sequence number and run out of attempts; only other
   * processes remain to contend with.
   */
  private appending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: OperatorLog,
    private readonly clock: Clock,
  ) {}

  async record(
    who: OperatorIdentity,
    action: string,
    details: Readonly<Record<string, OperatorDetail>>,
    phase: OperatorActionPhase,
    outcome: string | null = null,
  ): Promise<OperatorAction> {
    const appended = this.appending.then(() => this.append(who, action, details, phase, outcome));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  private async append(
    who: OperatorIdentity,
    action: string,
    details: Readonly<Record<string, OperatorDetail>>,
    phase: OperatorActionPhase,
    outcome: string | null,
  ): Promise<OperatorAction> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      const last = await this.log.last();
      const recorded: OperatorAction = {
        seq: (last?.action.seq ?? 0) + 1,
        time: this.clock(),
        actor: who.actor,
        action,
        reference: who.reference,
        details,
        phase,
        outcome,
      };
      const chain = operatorActionLink(last?.chain ?? OPERATOR_GENESIS, recorded);
      if (await this.log.append({ action: recorded, chain })) return recorded;
    }
    throw new Error(
      `the operator trail is contended: ${action} not recorded after ${APPEND_ATTEMPTS} attempts`,
    );
  }

  /**
   * Runs an action between its two records: `requested` first (if that cannot be written, the action does not
   * run), then `done` with `outcome(result)` or `failed` with the error's message (and the error rethrown).
   */
  async audited<T>(
    who: OperatorIdentity,
    action: string,
    details: Readonly<Record<string, OperatorDetail>>,
    run: () => Promise<T>,
    outcome: (result: T) => string,
  ): Promise<T> {
    await this.record(who, action, details, 'requested');
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await this.record(who, action, details, 'failed', (error as Error).message);
      throw error;
    }
    await this.record(who, action, details, 'done', outcome(result));
    return result;
  }
}

/** `verify-operator-log`: the first record whose link or sequence is not what the chain says, or none. */
export async function verifyOperatorLog(
  log: OperatorLog,
): Promise<{ ok: boolean; records: number; head: string; divergence?: { seq: number; reason: string } }> {
  let prev = OPERATOR_GENESIS;
  let records = 0;
  for await (const { action, chain } of log.entries()) {
    const expected = records + 1;
    if (action.seq !== expected)
      return { ok: false, records, head: prev, divergence: { seq: expected, reason: `found ${action.seq}` } };
    const computed = operatorActionLink(prev, action);
    if (computed !== chain)
      return {
        ok: false,
        records,
        head: prev,
        divergence: { seq: action.seq, reason: 'its link does not hold' },
      };
    prev = chain;
    records++;
  }
  return { ok: true, records, head: prev };
}
