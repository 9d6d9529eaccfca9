import type { OperatorLog } from '../../application/ports/operatorLog';
import type { RecordedOperatorAction } from '../../core/audit/operatorAction';

/** The operator's trail in memory, with the DynamoDB one's conditions (test/contracts/operatorLog.contract.ts). */
export class MemoryOperatorLog implements OperatorLog {
  private readonly records: string[] = [];

  async last(): Promise<RecordedOperatorAction | undefined> {
    const text = this.records.at(-1);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async append(record: RecordedOperatorAction): Promise<boolean> {
    if (record.action.seq !== this.records.length + 1) return false;
    this.records.push(JSON.stringify(record));
    return true;
  }

  async *entries(afterSeq = 0): AsyncGenerator<RecordedOperatorAction> {
    for (const text of this.records.slice(afterSeq)) yield JSON.parse(text);
  }
}
