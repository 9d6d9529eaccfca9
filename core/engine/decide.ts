import { assertNever } from '../assertNever';
import { amendOrder } from './amendOrder';
import { fireCancelCountdowns, setCancelCountdown } from './cancelCountdown';
import { cancelAllOrders, cancelOrder } from './cancelOrder';
import type { EngineCommand } from './commands';
import { Decision } from './decision';
import { EventRecords } from './eventRecords';
import type { EngineEvent } from './events';
import { expireOrders } from './expireOrders';
import { deleverageBankruptFund } from './insuranceFund';
import { liquidate } from './liquidate';
import { listSymbol, updateSymbol } from './listSymbol';
import { cancelAlgoOrder, cancelAllAlgoOrders, placeAlgoOrder } from './placeAlgoOrder';
import { placeOrder } from './placeOrder';
import { rejectCommand } from './rejectCommand';
import { settleFunding } from './settleFunding';
import type { EngineState } from './state';
import { expireAlgoOrders, triggerAlgoOrders } from './triggerAlgoOrders';
import { updateIndexPrice } from './updateIndexPrice';

/**
 * decide(state, command) → events. Every command yields at least one event (its outcome, even a rejection),
 * each stamped with the next sequence number. Each event is evolved into the state as it is decided, so on
 * return the state already reflects them all; decide is decide-then-evolve fused, never a second code path.
 */
export function decide(state: EngineState, command: EngineCommand): EngineEvent[] {
  const records = new EventRecords();
  decideInto(state, command, records);
  return records.toEvents();
}

/**
 * decide, with the events left in `records` (see EventRecords) instead of decoded: what the engine does for each
 * command; decoding is the reader's choice.
 */
export function decideInto(state: EngineState, command: EngineCommand, records: EventRecords): void {
  if (state.inHand !== undefined) throw new Error(`${state.symbol}: a command is already in progress`);
  // A symbol's events never go back in time: a command stamped earlier than the last event (clocks of different
  // ingress processes, Kinesis arrival times) happens at the last event's time.
  const time = Math.max(command.time, state.lastEventTime);
  records.begin(command, state.seq + 1, time);
  const d = new Decision(state, command.commandId, time, records);
  // GTD orders, then GTD conditional orders, whose time has come expire before the command, whatever it is.
  if (state.goodTillDates.size !== 0) expireOrders(d);
  if (state.algoOrders.size !== 0) expireAlgoOrders(d);
  if (state.cancelCountdowns.size !== 0) fireCancelCountdowns(d);
  switch (command.type) {
    case 'PlaceOrder':
      placeOrder(d, command.order);
      triggerAlgoOrders(d);
      break;
    case 'CancelOrder':
      cancelOrder(d, command);
      break;
    case 'CancelAllOrders':
      cancelAllOrders(d, command);
      break;
    case 'AmendOrder':
      amendOrder(d, command);
      triggerAlgoOrders(d);
      break;
    case 'PlaceAlgoOrder':
      placeAlgoOrder(d, command.order);
      break;
    case 'CancelAlgoOrder':
      cancelAlgoOrder(d, command);
      break;
    case 'CancelAllAlgoOrders':
      cancelAllAlgoOrders(d, command);
      break;
    case 'SetCancelCountdown':
      setCancelCountdown(d, command);
      break;
    case 'ListSymbol':
      listSymbol(d, command);
      break;
    case 'UpdateSymbol':
      updateSymbol(d, command);
      break;
    case 'UpdateIndexPrice':
      updateIndexPrice(d, command);
      deleverageBankruptFund(d);
      triggerAlgoOrders(d);
      break;
    case 'SettleFunding':
      settleFunding(d, command);
      break;
    case 'Liquidate':
      liquidate(d, command);
      triggerAlgoOrders(d);
      break;
    case 'RejectInvalidCommand':
      rejectCommand(
        d,
        command.commandType,
        { code: command.code, msg: command.reason },
        {
          accountId: command.accountId ?? undefined,
          orderId: command.orderId ?? undefined,
          clientOrderId: command.clientOrderId ?? undefined,
        },
      );
      break;
    default:
      assertNever(command);
  }
}
