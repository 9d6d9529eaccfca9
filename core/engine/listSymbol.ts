import { Rejections, withDetail } from '../errors';
import { compileInstrument, type Instrument, InvalidSymbolSpec } from '../symbol/instrument';
import type { SymbolSpec } from '../symbol/symbolSpec';
import type { ListSymbol, UpdateSymbol } from './commands';
import type { Decision } from './decision';
import { rejectCommand } from './rejectCommand';

/**
 * A symbol's spec lives in its own event log: listing is its first event and every change (fees, filters,
 * halt/resume) is an event, so any reader of the log knows the exact rules each order was judged by.
 */
export function listSymbol(d: Decision, command: ListSymbol): void {
  const problem =
    d.state.instrument !== undefined
      ? `${command.spec.symbol} is already listed`
      : specProblem(d, command.spec);
  if (problem !== undefined) {
    rejectCommand(d, 'ListSymbol', withDetail(Rejections.invalidParameter, `spec: ${problem}`));
    return;
  }
  d.emit({ type: 'SymbolListed', seq: d.seq, time: d.time, commandId: d.commandId, spec: command.spec });
}

/** Tick and step size are fixed once listed: resting orders and the log are in those units. */
export function updateSymbol(d: Decision, command: UpdateSymbol): void {
  const current = d.state.instrument;
  if (current === undefined) {
    rejectCommand(d, 'UpdateSymbol', Rejections.invalidSymbol);
    return;
  }
  const problem = specProblem(d, command.spec) ?? unitsChanged(current, compileInstrument(command.spec));
  if (problem !== undefined) {
    rejectCommand(d, 'UpdateSymbol', withDetail(Rejections.invalidParameter, `spec: ${problem}`));
    return;
  }
  d.emit({ type: 'SymbolUpdated', seq: d.seq, time: d.time, commandId: d.commandId, spec: command.spec });
}

/** Tick and step compared by value ("0.1" and "0.10" are one tick), never by spelling. */
function unitsChanged(current: Instrument, next: Instrument): string | undefined {
  const same =
    current.tickUnits * 10n ** BigInt(next.tickDecimals) ===
      next.tickUnits * 10n ** BigInt(current.tickDecimals) &&
    current.stepUnits * 10n ** BigInt(next.stepDecimals) ===
      next.stepUnits * 10n ** BigInt(current.stepDecimals);
  return same ? undefined : 'tickSize and stepSize cannot change once listed';
}

function specProblem(d: Decision, spec: SymbolSpec): string | undefined {
  if (spec.symbol !== d.state.symbol)
    return `symbol ${spec.symbol} does not belong to the ${d.state.symbol} engine`;
  try {
    compileInstrument(spec);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidSymbolSpec) return error.message;
    throw error;
  }
}
