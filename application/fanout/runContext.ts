import type { AccountState } from '../../core/accounts/account';
import type { Instrument } from '../../core/symbol/instrument';
import type { EventWindow } from './eventWindow';
import type { FoldedMarket } from './marketFolds';
import type { SymbolRun } from './symbolRuns';

/** What every message builder of one run shares. */
export interface RunContext {
  readonly run: SymbolRun;
  readonly instrument: Instrument;
  readonly window: EventWindow;
  /** The projector's progress in the symbol, read once per run on first use. */
  readonly projected: () => Promise<number>;
  /** An account's state (its wallet for ACCOUNT_UPDATE), read once per run on first use. */
  readonly accountState: (accountId: number) => Promise<AccountState | undefined>;
  /** An account's state read now, whatever was read before in the run (walletAfterRun, after a progress read). */
  readonly accountStateAgain: (accountId: number) => Promise<AccountState | undefined>;
  /** The market read models as folded by the fan-out itself after the run. */
  readonly market: FoldedMarket;
  /** The messages' event time E. */
  readonly now: number;
}

export function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read();
    return value;
  };
}

/** `read` of each key at most once: the first call's promise is every later call's answer. */
export function oncePerKey<K, T>(read: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const values = new Map<K, Promise<T>>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = read(key);
      values.set(key, value);
    }
    return value;
  };
}
