import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/audit/canonicalJson';
import type { OperatorAction, RecordedOperatorAction } from '../../core/audit/operatorAction';
import { GENESIS } from './eventChain';

/**
 * The operator's audit trail: append-only, one gap-free sequence, each record conditional on its sequence being
 * new (two operators at once: one gets it, the other reads the new last and appends after it).
 */
export interface OperatorLog {
  /** The newest record, or undefined before the first. */
  last(): Promise<RecordedOperatorAction | undefined>;
  /** Appends at `record.action.seq`; false if that sequence is already taken. */
  append(record: RecordedOperatorAction): Promise<boolean>;
  /** The records after `afterSeq`, oldest first. */
  entries(afterSeq?: number): AsyncIterable<RecordedOperatorAction>;
}

/** The trail's link: SHA-256 over the canonical {action, prev}, as the events' chain (docs/audit.md). */
export function operatorActionLink(prev: string, action: OperatorAction): string {
  return createHash('sha256').update(canonicalJson({ prev, action }), 'utf8').digest('hex');
}

export { GENESIS as OPERATOR_GENESIS };
