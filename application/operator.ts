import type { AccountState } from '../core/accounts/account';
import type { LedgerEntry } from '../core/accounts/ledger';
import type { OperatorDetail } from '../core/audit/operatorAction';
import type { EngineEvent, MarkPriceUpdated } from '../core/engine/events';
import { formatMoney } from '../core/numbers/money';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { createApiKey, listApiKeys, revokeApiKey } from './accounts/apiKeys';
import { depositCollateral, withdrawCollateral } from './accounts/collateral';
import { openAccount } from './accounts/openAccount';
import { type OperatorIdentity, OperatorJournal } from './audit/operatorJournal';
import type { IngressContext } from './context';
import { settleFundingNow } from './funding/settleFunding';
import { setIndexPrice } from './marketPrices/submitIndexPrice';
import type { ApiKey, ApiKeySummary, Permission } from './ports/apiKeyStore';
import type { OperatorPorts } from './ports/ports';

import { accountLedger } from './queries/income';
import { addSymbol, listedSpecs, replaceSymbolSpec, setSymbolStatus } from './symbols/symbolAdmin';

/** How long an operator's command waits for the matcher: long enough for a cold start of the local stack. */
const OPERATOR_WAIT_MS = 30_000;

/** Who acts when nobody says: the local stack's own seeding and the benchmarks. */
export const LOCAL_OPERATOR: OperatorIdentity = { actor: 'local:shardex', reference: '' };

/**
 * What an operator does, bound to one context and one identity: the `admin` CLI (bin/admin.ts) and the local
 * stack's seeding call these. Each is a use case of accounts/ or symbols/; through the ports they reach the same
 * tables and stream as everything else, so they work against the emulators, LocalStack or AWS alike.
 *
 * Every method that changes anything runs through `audited`: the operator's trail records who asked for it and
 * why before it runs, and how it went after (application/audit/operatorJournal.ts). OPERATOR_METHODS below says
 * which methods are audited and which only read; test/audit/operatorTrail.test.ts fails for a method in neither.
 */
export class Operator {
  private readonly journal: OperatorJournal;

  constructor(
    private readonly ctx: IngressContext & Pick<OperatorPorts, 'operatorLog'>,
    private readonly who: OperatorIdentity = LOCAL_OPERATOR,
  ) {
    this.journal = new OperatorJournal(ctx.operatorLog, ctx.clock);
  }

  /** The same operator acting for another reason (the CLI's --reference, a deposit's own reference). */
  because(reference: string): Operator {
    return new Operator(this.ctx, { ...this.who, reference });
  }

  createAccount(): Promise<number> {
    return this.audited(
      'createAccount',
      {},
      () => openAccount(this.ctx),
      (id) => `account ${id}`,
    );
  }

  account(accountId: number): Promise<AccountState | undefined> {
    return this.ctx.accounts.load(accountId);
  }

  deposit(accountId: number, amount: string, reference: string): Promise<AccountState> {
    return this.because(reference).audited(
      'deposit',
      { accountId, amount },
      () => depositCollateral(this.ctx, { accountId, amount, reference }),
      balanceAfter,
    );
  }

  withdraw(accountId: number, amount: string, reference: string): Promise<AccountState> {
    return this.because(reference).audited(
      'withdraw',
      { accountId, amount },
      () => withdrawCollateral(this.ctx, { accountId, amount, reference }),
      balanceAfter,
    );
  }

  /** Every change of the account's wallet, oldest first, each with its cause and the balance after it. */
  ledger(accountId: number): Promise<LedgerEntry[]> {
    return accountLedger(this.ctx, accountId);
  }

  /** Recorded with the key's id and permissions; the secret is returned once and never recorded. */
  createApiKey(accountId: number, permissions: readonly Permission[], label: string): Promise<ApiKey> {
    return this.audited(
      'createApiKey',
      { accountId, permissions: permissions.join(','), label },
      () => createApiKey(this.ctx, accountId, permissions, label),
      (key) => `api key ${key.apiKey}`,
    );
  }

  revokeApiKey(apiKey: string): Promise<boolean> {
    return this.audited(
      'revokeApiKey',
      { apiKey },
      () => revokeApiKey(this.ctx, apiKey),
      (revoked) => (revoked ? 'revoked' : 'no such key'),
    );
  }

  listApiKeys(accountId: number): Promise<ApiKeySummary[]> {
    return listApiKeys(this.ctx, accountId);
  }

  listSymbols(): Promise<SymbolSpec[]> {
    return listedSpecs(this.ctx);
  }

  addSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    return this.audited('addSymbol', specDetails(spec), () => addSymbol(this.ctx, spec), engineOutcome);
  }

  updateSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    return this.audited(
      'updateSymbol',
      specDetails(spec),
      () => replaceSymbolSpec(this.ctx, spec),
      engineOutcome,
    );
  }

  setSymbolStatus(symbol: string, status: SymbolSpec['status']): Promise<EngineEvent> {
    return this.audited(
      'setSymbolStatus',
      { symbol, status },
      () => setSymbolStatus(this.ctx, symbol, status),
      engineOutcome,
    );
  }

  /** One index price, as the index feed would send it; resolves to the mark the engine derived from it. */
  setIndexPrice(symbol: string, price: string): Promise<MarkPriceUpdated> {
    return this.audited(
      'setIndexPrice',
      { symbol, price },
      () => setIndexPrice({ ...this.ctx, resultTimeoutMs: OPERATOR_WAIT_MS }, symbol, price),
      engineOutcome,
    );
  }

  /** Settles the funding time due now (or the one given): FundingSettled and its payments, or the refusal. */
  settleFunding(symbol: string, fundingTime?: number): Promise<EngineEvent[]> {
    return this.audited(
      'settleFunding',
      { symbol, fundingTime: fundingTime ?? null },
      () => settleFundingNow({ ...this.ctx, resultTimeoutMs: OPERATOR_WAIT_MS }, symbol, fundingTime),
      (events) => events.map(engineOutcome).join('; '),
    );
  }

  /**
   * The wrapper every state-changing method goes through: the trail's `requested` record, the action, then its
   * `done` or `failed` record. A new operator action is `return this.audited(name, details, run, outcome)`.
   */
  private audited<T>(
    action: OperatorMethod,
    details: Readonly<Record<string, OperatorDetail>>,
    run: () => Promise<T>,
    outcome: (result: T) => string,
  ): Promise<T> {
    return this.journal.audited(this.who, action, details, run, outcome);
  }
}

type OperatorMethod = Exclude<keyof Operator, 'because'>;

/**
 * Every Operator method, audited or read-only. Typed over the class's methods, so a new method does not compile
 * until it is listed here; test/audit/operatorTrail.test.ts checks the audited ones leave their records.
 */
export const OPERATOR_METHODS = {
  createAccount: 'audited',
  account: 'read-only',
  ledger: 'read-only',
  deposit: 'audited',
  withdraw: 'audited',
  createApiKey: 'audited',
  revokeApiKey: 'audited',
  listApiKeys: 'read-only',
  listSymbols: 'read-only',
  addSymbol: 'audited',
  updateSymbol: 'audited',
  setSymbolStatus: 'audited',
  setIndexPrice: 'audited',
  settleFunding: 'audited',
} as const satisfies Record<OperatorMethod, 'audited' | 'read-only'>;

function balanceAfter(account: AccountState): string {
  return `account ${account.accountId} version ${account.version}, wallet ${formatMoney(account.walletBalance)}`;
}

function engineOutcome(event: EngineEvent): string {
  return event.type === 'CommandRejected'
    ? `rejected ${event.code} at seq ${event.seq}`
    : `${event.type} at seq ${event.seq}`;
}

/** A spec as the trail keeps it: the whole spec, as JSON text (it holds no secret). */
function specDetails(spec: SymbolSpec): Record<string, OperatorDetail> {
  return { symbol: spec.symbol, spec: JSON.stringify(spec) };
}
