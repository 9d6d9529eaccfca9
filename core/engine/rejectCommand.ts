import type { Rejection } from '../errors';
import type { Decision } from './decision';
import type { CommandRejected } from './events';

/** Records that a non-order command changed nothing, with the contract's code and message. */
export function rejectCommand(
  d: Decision,
  command: CommandRejected['command'],
  rejection: Rejection,
  ref: { accountId?: number; orderId?: number; clientOrderId?: string } = {},
): void {
  d.emit({
    type: 'CommandRejected',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    command,
    accountId: ref.accountId ?? null,
    orderId: ref.orderId ?? null,
    clientOrderId: ref.clientOrderId ?? null,
    code: rejection.code,
    reason: rejection.msg,
  });
}
