import type { AccountState } from '../core/accounts/account';
import type { LedgerEntry } from '../core/accounts/ledger';
import type { EngineEvent, MarkPriceUpdated } from '../core/engine/events';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import { createApiKey, listApiKeys, revokeApiKey } from './accounts/apiKeys';
import { depositCollateral, withdrawCollateral } from './accounts/collateral';
import { openAccount } from './accounts/openAccount';
import type { IngressContext } from './context';
import { settleFundingNow } from './funding/settleFunding';
import { setIndexPrice } from './marketPrices/submitIndexPrice';
import type { ApiKey, ApiKeySummary, Permission } from './ports/apiKeyStore';
import { accountLedger } from './queries/income';
import { addSymbol, listedSpecs, replaceSymbolSpec, setSymbolStatus } from './symbols/symbolAdmin';

/** How long an operator's command waits for the matcher: long enough for a cold start of the local stack. */
const OPERATOR_WAIT_MS = 30_000;

/**
 * What an operator does, bound to one context: the `admin` CLI (bin/admin.ts) and the local stack's seeding call
 * these. Each is a use case of accounts/ or symbols/; through the ports they reach the same tables and stream as
 * everything else, so they work against the emulators, LocalStack or AWS alike.
 */
export class Operator {
  constructor(private readonly ctx: IngressContext) {}

  createAccount(): Promise<number> {
    return openAccount(this.ctx);
  }

  account(accountId: number): Promise<AccountState | undefined> {
    return this.ctx.accounts.load(accountId);
  }

  deposit(accountId: number, amount: string, reference: string): Promise<AccountState> {
    return depositCollateral(this.ctx, { accountId, amount, reference });
  }

  withdraw(accountId: number, amount: string, reference: string): Promise<AccountState> {
    return withdrawCollateral(this.ctx, { accountId, amount, reference });
  }

  /** Every change of the account's wallet, oldest first, each with its cause and the balance after it. */
  ledger(accountId: number): Promise<LedgerEntry[]> {
    return accountLedger(this.ctx, accountId);
  }

  createApiKey(accountId: number, permissions: readonly Permission[], label: string): Promise<ApiKey> {
    return createApiKey(this.ctx, accountId, permissions, label);
  }

  revokeApiKey(apiKey: string): Promise<boolean> {
    return revokeApiKey(this.ctx, apiKey);
  }

  listApiKeys(accountId: number): Promise<ApiKeySummary[]> {
    return listApiKeys(this.ctx, accountId);
  }

  listSymbols(): Promise<SymbolSpec[]> {
    return listedSpecs(this.ctx);
  }

  addSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    return addSymbol(this.ctx, spec);
  }

  updateSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    return replaceSymbolSpec(this.ctx, spec);
  }

  setSymbolStatus(symbol: string, status: SymbolSpec['status']): Promise<EngineEvent> {
    return setSymbolStatus(this.ctx, symbol, status);
  }

  /** One index price, as the index feed would send it; resolves to the mark the engine derived from it. */
  setIndexPrice(symbol: string, price: string): Promise<MarkPriceUpdated> {
    return setIndexPrice({ ...this.ctx, resultTimeoutMs: OPERATOR_WAIT_MS }, symbol, price);
  }

  /** Settles the funding time due now (or the one given): FundingSettled and its payments, or the refusal. */
  settleFunding(symbol: string, fundingTime?: number): Promise<EngineEvent[]> {
    return settleFundingNow({ ...this.ctx, resultTimeoutMs: OPERATOR_WAIT_MS }, symbol, fundingTime);
  }
}
