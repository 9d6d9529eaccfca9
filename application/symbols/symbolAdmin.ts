import type { EngineEvent } from '../../core/engine/events';
import { compileInstrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import type { IngressContext } from '../context';
import { waitForOutcome } from '../orderEntry/commandOutcome';

/** How long an operator's command waits for the matcher: long enough for a cold start of the local stack. */
const OPERATOR_WAIT_MS = 30_000;

/** Lists a symbol: a ListSymbol command through the stream (core/engine/listSymbol.ts decides it). */
export async function addSymbol(ctx: IngressContext, spec: SymbolSpec): Promise<EngineEvent> {
  compileInstrument(spec); // refuse a broken spec before it reaches the log
  return submitSpec(ctx, { type: 'ListSymbol', spec });
}

/** A listed symbol's full new spec (tick and step size cannot change: the engine refuses it). */
export async function replaceSymbolSpec(ctx: IngressContext, spec: SymbolSpec): Promise<EngineEvent> {
  compileInstrument(spec);
  return submitSpec(ctx, { type: 'UpdateSymbol', spec });
}

/** Halts (new orders -1122, amendments -5024; cancels work) or resumes a symbol. */
export async function setSymbolStatus(
  ctx: IngressContext,
  symbol: string,
  status: SymbolSpec['status'],
): Promise<EngineEvent> {
  ctx.symbols.invalidate();
  const current = await ctx.symbols.get(symbol);
  if (current === undefined) throw new Error(`${symbol} is not listed`);
  return replaceSymbolSpec(ctx, { ...current.spec, status });
}

export async function listedSpecs(ctx: IngressContext): Promise<SymbolSpec[]> {
  ctx.symbols.invalidate();
  return (await ctx.symbols.all()).map((i) => i.spec);
}

/** Puts the command and waits for the symbol's answer: its first event, or the refusal as an error. */
async function submitSpec(
  ctx: IngressContext,
  body: { type: 'ListSymbol' | 'UpdateSymbol'; spec: SymbolSpec },
): Promise<EngineEvent> {
  const symbol = body.spec.symbol;
  const commandId = `admin-${ctx.clock()}-${Math.floor(Math.random() * 1e9)}`;
  const afterSeq = await ctx.events.lastSeq(symbol);
  await ctx.commands.put({ v: 1, commandId, symbol, ...body });
  const events = await waitForOutcome(ctx.events, symbol, commandId, afterSeq, OPERATOR_WAIT_MS, ctx.clock);
  if (events === undefined)
    throw new Error(`no answer from the matcher for ${symbol} within 30 s: is it running?`);
  const outcome = events[0]!;
  if (outcome.type === 'CommandRejected') throw new Error(`${body.type} refused: ${outcome.reason}`);
  ctx.symbols.invalidate();
  return outcome;
}
