import { type AccountState, openedAccount } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';
import type { AccountDecision } from '../../core/accounts/decideAccount';
import { evolveAccount, foldAccount } from '../../core/accounts/evolveAccount';
import type { Rejection } from '../../core/errors';
import { AccountBusy, type AccountStore, UnknownAccount } from '../ports/accountStore';
import type { Clock } from '../ports/clock';
import { GroupedTurns } from './groupedTurns';

/** A decision on an account's state; it may read what it needs first (the marks of the account's positions). */
export type AccountDecider = (state: AccountState) => AccountDecision | Promise<AccountDecision>;

export interface AccountsSettings {
  /**
   * Keep each account's newest state known to this process (at most this many accounts) and decide on it without
   * reading it first. 0 (the default) reads before every decision.
   */
  readonly cachedStates?: number;
}

export type AppendOutcome =
  | { readonly ok: true; readonly state: AccountState; readonly events: readonly AccountEvent[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * At most this many decisions on one account are taken in one turn, so appended in one item: with the state after
 * them, it stays far below the store's item size.
 */
export const DECISIONS_PER_APPEND = 32;

/** A decision waiting for its account's turn, and how to answer its caller. */
interface Waiting {
  readonly decision: AccountDecider;
  readonly deadlineMs: number;
  readonly answer: (outcome: AppendOutcome) => void;
  readonly fail: (error: unknown) => void;
}

/**
 * Decisions on accounts, safe under concurrency: decide on the newest state, append the decisions' events in one
 * write; if another writer appended first, decide again on the newer state. That is what makes pre-trade margin
 * safe when requests of one account race each other across processes.
 *
 * Inside one process an account's decisions take turns, and the decisions that arrived while a turn was writing
 * are the next turn, together (group commit: GroupedTurns): each decided on the state its predecessors in the turn
 * left, in arrival order, and all their events appended in one write. Each caller gets its own outcome: a refusal
 * refuses that decision alone, a decision that throws fails its own caller alone.
 */
export class Accounts {
  private readonly turns = new GroupedTurns<number, Waiting>(
    (accountId, group) => this.decideTogether(accountId, group),
    DECISIONS_PER_APPEND,
  );
  /**
   * The newest state this process has read or written per account, oldest use first. It may be stale (another
   * process appended since), which is safe: an append is conditional on its version being new, so a decision on a
   * stale state fails to append and is taken again on the state read then. A stale state would also refuse what
   * the newer one allows, or decide nothing: those answers are taken again on a fresh read before they count. It
   * pays when an account's decisions come mostly from this process (one gateway; a market maker's many orders
   * between its fills) and costs a refused write when they do not.
   */
  private readonly states = new Map<number, AccountState>();
  private readonly cachedStates: number;

  constructor(
    readonly store: AccountStore,
    private readonly clock: Clock = Date.now,
    settings: AccountsSettings = {},
  ) {
    this.cachedStates = settings.cachedStates ?? 0;
  }

  async load(accountId: number): Promise<AccountState | undefined> {
    const state = await this.store.load(accountId);
    if (state !== undefined) this.remember(accountId, state);
    return state;
  }

  /** Opens an account (version 1); false if it exists already. */
  open(accountId: number): Promise<boolean> {
    const event: AccountEvent = { type: 'AccountOpened', accountId };
    return this.store.append(accountId, [event], evolveAccount(openedAccount(accountId), event));
  }

  /**
   * Decides on the newest state and appends the decision's events; on a concurrent append, reloads and decides
   * again. An account that does not exist throws UnknownAccount. Decisions for one account in this process take
   * turns; `deadlineMs` bounds the retries against other processes once it is this decision's turn, after which
   * it throws AccountBusy.
   */
  decide(accountId: number, decision: AccountDecider, deadlineMs = 5_000): Promise<AppendOutcome> {
    return new Promise((answer, fail) => this.turns.add(accountId, { decision, deadlineMs, answer, fail }));
  }

  /** One turn: the group decided in order on one state, appended once, each caller answered. Never throws. */
  private async decideTogether(accountId: number, group: readonly Waiting[]): Promise<void> {
    const started = this.clock();
    let waiting = group;
    let cached = this.states.get(accountId);
    try {
      for (let attempt = 0; ; attempt++) {
        const state = cached ?? (await this.load(accountId));
        if (state === undefined) throw new UnknownAccount(accountId);
        const turn = await decideInTurn(state, waiting);
        for (const [failed, error] of turn.failed) failed.fail(error);
        waiting = waiting.filter((w) => !turn.failed.has(w));
        if (cached !== undefined && turn.unconfirmed) {
          // Only an append proves a remembered state current: decide again on the stored one.
          cached = undefined;
          attempt--;
          continue;
        }
        cached = undefined;
        if (turn.events.length === 0 || (await this.store.append(accountId, turn.events, turn.state))) {
          if (turn.events.length > 0) this.remember(accountId, turn.state);
          for (const w of waiting) w.answer(turn.outcomes.get(w)!);
          return;
        }
        const now = this.clock();
        const late = waiting.filter((w) => now >= started + w.deadlineMs);
        for (const w of late) w.fail(new AccountBusy(accountId, attempt + 1));
        waiting = waiting.filter((w) => !late.includes(w));
        if (waiting.length === 0) return;
        // Someone appended first: decide again on the newer state after an exponential back-off with full jitter,
        // so writers racing for one hot account spread out instead of colliding in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 * 2 ** attempt)));
      }
    } catch (error) {
      for (const w of waiting) w.fail(error);
    }
  }

  private remember(accountId: number, state: AccountState): void {
    if (this.cachedStates === 0) return;
    const known = this.states.get(accountId);
    if (known !== undefined && known.version > state.version) return;
    this.states.delete(accountId);
    this.states.set(accountId, state);
    if (this.states.size > this.cachedStates) this.states.delete(this.states.keys().next().value!);
  }
}

/** A turn's decisions taken in order, each on the state the ones before it left. */
interface Turn {
  readonly state: AccountState;
  readonly events: readonly AccountEvent[];
  readonly outcomes: ReadonlyMap<Waiting, AppendOutcome>;
  readonly failed: ReadonlyMap<Waiting, unknown>;
  /** Some decision refused or decided nothing: on a remembered state, that needs the stored state to count. */
  readonly unconfirmed: boolean;
}

async function decideInTurn(base: AccountState, waiting: readonly Waiting[]): Promise<Turn> {
  let state = base;
  const events: AccountEvent[] = [];
  const outcomes = new Map<Waiting, AppendOutcome>();
  const failed = new Map<Waiting, unknown>();
  let unconfirmed = false;
  for (const w of waiting) {
    let decided: AccountDecision;
    try {
      decided = await w.decision(state);
    } catch (error) {
      failed.set(w, error);
      continue;
    }
    if ('rejection' in decided) {
      outcomes.set(w, { ok: false, rejection: decided.rejection });
      unconfirmed = true;
      continue;
    }
    if (decided.events.length === 0) unconfirmed = true;
    state = foldAccount(state, decided.events);
    events.push(...decided.events);
    outcomes.set(w, { ok: true, state, events: decided.events });
  }
  return { state, events, outcomes, failed, unconfirmed };
}
