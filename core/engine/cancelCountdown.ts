import { Rejections, withDetail } from '../errors';
import { cancelResting } from './cancelOrder';
import type { SetCancelCountdown } from './commands';
import type { Decision } from './decision';
import { algoCanceled } from './placeAlgoOrder';
import { rejectCommand } from './rejectCommand';

/**
 * countdownCancelAll: sets (or, with 0, clears) the account's deadline in this symbol to the command's time plus
 * `countdownTime`. The deadline is in the symbol's log, so it fires the same way in every replay.
 */
export function setCancelCountdown(d: Decision, command: SetCancelCountdown): void {
  if (d.state.instrument === undefined) {
    rejectCommand(d, 'SetCancelCountdown', Rejections.invalidSymbol, { accountId: command.accountId });
    return;
  }
  if (!Number.isSafeInteger(command.countdownTime) || command.countdownTime < 0) {
    rejectCommand(d, 'SetCancelCountdown', withDetail(Rejections.invalidParameter, 'countdownTime'), {
      accountId: command.accountId,
    });
    return;
  }
  d.emit({
    type: 'CancelCountdownSet',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    accountId: command.accountId,
    deadline: command.countdownTime === 0 ? 0 : d.time + command.countdownTime,
    fired: false,
  });
}

/**
 * At the start of every command: each countdown whose deadline has come fires (earliest first, then by account):
 * the account's open orders are canceled, oldest order id first, then its conditional orders in placement order.
 * Any command will do, and the index feed sends one about every second.
 */
export function fireCancelCountdowns(d: Decision): void {
  const state = d.state;
  const due = [...state.cancelCountdowns]
    .filter(([, deadline]) => deadline <= d.time)
    .sort(([a, x], [b, y]) => x - y || a - b);
  for (const [accountId] of due) {
    d.emit({
      type: 'CancelCountdownSet',
      seq: d.seq,
      time: d.time,
      commandId: d.commandId,
      accountId,
      deadline: 0,
      fired: true,
    });
    const orders = state.book.orders;
    const slots = state.book
      .slotsOfAccount(accountId)
      .sort((a, b) => orders.orderIdOf(a) - orders.orderIdOf(b));
    for (const slot of slots) cancelResting(d, slot, 'CANCEL_ALL');
    const algos = state.algoOrders.ofAccount(accountId);
    for (const entry of algos) algoCanceled(d, entry.order, 'CANCEL_ALL');
    d.emit({
      type: 'AllOrdersCanceled',
      seq: d.seq,
      time: d.time,
      commandId: d.commandId,
      accountId,
      count: slots.length + algos.length,
    });
  }
}
