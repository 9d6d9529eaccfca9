import { type Rejection, Rejections, withDetail } from '../errors';
import { type FundingPosition, splitFunding } from '../futures/fundingPayments';
import { settlementRate } from '../futures/futuresState';
import { compactMoney } from '../numbers/money';
import { isFundingTime } from '../projections/funding';
import type { Instrument } from '../symbol/instrument';
import type { SettleFunding } from './commands';
import type { Decision } from './decision';
import type { FundingPayment } from './events';
import { rejectCommand } from './rejectCommand';

/**
 * Payments per FundingPaid event. An event must fit a 400 KB events item on its own: 1,000 payments are ~14 KB of
 * JSON (~2 KB gzipped), so a settlement of 100,000 positions is 101 events, 1.5 MB of JSON and 233 KB gzipped, one
 * item; one event per payment would be 100,000 events and 13 MB of JSON (295 KB gzipped), every reader decoding
 * a header per payment (bench/futures.bench.ts measures both).
 */
export const FUNDING_PAYMENTS_PER_EVENT = 1_000;

/**
 * Funding at `fundingTime`: refused for a time that is not one of the symbol's funding times, not yet come,
 * already settled (a second SettleFunding for the same or an earlier time changes nothing: CommandRejected), or
 * for a symbol without a mark. Otherwise FundingSettled (rate, mark, totals), then the payments of every open
 * position in FundingPaid events of at most FUNDING_PAYMENTS_PER_EVENT, ascending by account id; with no
 * position, or a rate of 0, there are none. Settling is the one command that visits every position: three times a
 * day, its cost is measured in bench/futures.bench.ts.
 */
export function settleFunding(d: Decision, command: SettleFunding): void {
  const state = d.state;
  const instrument = state.instrument;
  const { fundingTime } = command;
  if (instrument === undefined) {
    rejectCommand(d, 'SettleFunding', Rejections.invalidSymbol);
    return;
  }
  const refused = refusal(d, instrument, fundingTime);
  if (refused !== undefined) {
    rejectCommand(d, 'SettleFunding', refused);
    return;
  }
  const futures = state.futures;
  const terms = instrument.futures;
  const rate = settlementRate(futures, terms, fundingTime);
  const positions: FundingPosition[] = [];
  for (const [accountId, position] of state.positions.entries()) {
    if (position.size !== 0) positions.push({ accountId, size: position.size });
  }
  const split = splitFunding(instrument, positions, futures.markPrice, rate);
  const chunks = Math.ceil(split.payments.length / FUNDING_PAYMENTS_PER_EVENT);
  d.emit({
    type: 'FundingSettled',
    seq: d.seq,
    time: d.time,
    commandId: d.commandId,
    fundingTime,
    fundingRate: rate,
    markPrice: futures.markPrice,
    indexPrice: futures.indexPrice,
    payers: split.payers,
    receivers: split.receivers,
    total: compactMoney(split.total),
    paymentEvents: chunks,
  });
  for (let chunk = 0; chunk < chunks; chunk++) {
    const payments: readonly FundingPayment[] = split.payments.slice(
      chunk * FUNDING_PAYMENTS_PER_EVENT,
      (chunk + 1) * FUNDING_PAYMENTS_PER_EVENT,
    );
    d.emit({ type: 'FundingPaid', seq: d.seq, time: d.time, commandId: d.commandId, fundingTime, payments });
  }
}

/** Why funding cannot be settled at `fundingTime` now, or undefined if it can. */
function refusal(d: Decision, instrument: Instrument, fundingTime: number): Rejection | undefined {
  const futures = d.state.futures;
  if (!isFundingTime(fundingTime, instrument.futures.fundingIntervalMs)) {
    return withDetail(Rejections.invalidParameter, 'fundingTime');
  }
  if (fundingTime <= futures.lastFundingTime) {
    return withDetail(Rejections.fundingAlreadySettled, String(fundingTime));
  }
  if (fundingTime > d.time) return withDetail(Rejections.fundingNotDue, String(fundingTime));
  if (futures.markPrice === 0) return Rejections.noIndexPrice;
  return undefined;
}
