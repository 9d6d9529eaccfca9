/**
 * One record of the operator's audit trail: who (the AWS principal or local user), what (the Operator method and
 * its non-secret arguments), why (the operator's reference), and how it went. An action is recorded twice:
 * `requested` before it runs (so nothing runs unrecorded: if the record cannot be written, the action does not
 * happen) and `done` or `failed` after, with what it produced. Values are strings, integers, booleans or null,
 * so the record has one canonical form (core/audit/canonicalJson.ts) to hash.
 */
export interface OperatorAction {
  /** Gap-free from 1 across the whole trail. */
  readonly seq: number;
  /** Epoch milliseconds when it was recorded. */
  readonly time: number;
  readonly actor: string;
  /** The Operator method, e.g. "deposit", "createApiKey", "setSymbolStatus". */
  readonly action: string;
  readonly reference: string;
  readonly details: Readonly<Record<string, OperatorDetail>>;
  readonly phase: OperatorActionPhase;
  /** On done: what it produced, briefly (an id, a status, a sequence), never a secret; on failed: the error. */
  readonly outcome: string | null;
}

export type OperatorDetail = string | number | boolean | null;

export type OperatorActionPhase = 'requested' | 'done' | 'failed';

/** A record as stored: the action and its link in the trail's hash chain. */
export interface RecordedOperatorAction {
  readonly action: OperatorAction;
  readonly chain: string;
}
