import type { RiskService } from '../application/risk/riskService';
import { formatMoney, type Money } from '../core/numbers/money';
import { emfLine } from '../service-runtime/emf';

/** The risk service's EMF namespace and Service dimension (lib/riskService.ts alarms on them). */
export const RISK_NAMESPACE = 'Shardex/Risk';
export const RISK_SERVICE = 'risk';

/**
 * The risk service's metrics, one EMF line per symbol (dimensions Service, Symbol) every interval:
 * - RiskLagSeconds (one-second resolution): seconds since every account shard this instance holds last read the
 *   symbol's log to its end; no event older than that is unevaluated. The "risk service lag" alarm reads it.
 * - Liquidations, AdlEvents: liquidation orders ended and those that deleveraged (and the fund's own
 *   deleveragings), since the last line.
 * - InsurancePaid: how far the symbol's insurance fund's margin balance fell since the last line ("insurance fund
 *   drawdown": a takeover under water, the mark against a position it holds, funding it pays).
 * - InsuranceBalance: the fund's margin balance at the newest item seen (GET /fapi/v1/insuranceBalance's).
 * Money becomes a metric's double here, at the edge, for charts and thresholds only (never for accounting).
 */
export class RiskMetrics {
  private readonly emitted = new Map<string, { liquidations: number; adlEvents: number; paid: Money }>();

  constructor(private readonly service: RiskService) {}

  snapshot(symbols: readonly string[]): Record<string, unknown> {
    return {
      instance: this.service.settings.instanceId,
      accountShards: this.service.shards,
      symbols: Object.fromEntries(
        symbols.map((symbol) => {
          const f = this.service.figures.of(symbol);
          return [
            symbol,
            {
              lagSeconds: this.service.lagSeconds(symbol) ?? null,
              liquidations: f.liquidations,
              adlEvents: f.adlEvents,
              insurancePaid: formatMoney(f.insurancePaid),
              insuranceBalance: f.insuranceBalance === undefined ? null : formatMoney(f.insuranceBalance),
            },
          ];
        }),
      ),
    };
  }

  emf(symbols: readonly string[], now: number): string[] {
    return symbols.flatMap((symbol) => {
      const lag = this.service.lagSeconds(symbol);
      // An instance holding no shard evaluates nothing: it says nothing (the alarm treats silence as breaching).
      if (lag === undefined) return [];
      const f = this.service.figures.of(symbol);
      const before = this.emitted.get(symbol) ?? { liquidations: 0, adlEvents: 0, paid: 0n };
      this.emitted.set(symbol, {
        liquidations: f.liquidations,
        adlEvents: f.adlEvents,
        paid: f.insurancePaid,
      });
      return [
        emfLine(
          RISK_NAMESPACE,
          { Service: RISK_SERVICE, Symbol: symbol },
          [
            { name: 'RiskLagSeconds', value: lag, unit: 'Seconds', resolution: 1 },
            { name: 'Liquidations', value: f.liquidations - before.liquidations, unit: 'Count' },
            { name: 'AdlEvents', value: f.adlEvents - before.adlEvents, unit: 'Count' },
            {
              name: 'InsurancePaid',
              value: Number(formatMoney(f.insurancePaid - before.paid)),
              unit: 'None',
            },
            ...(f.insuranceBalance === undefined
              ? []
              : [
                  {
                    name: 'InsuranceBalance',
                    value: Number(formatMoney(f.insuranceBalance)),
                    unit: 'None' as const,
                  },
                ]),
          ],
          now,
        ),
      ];
    });
  }
}
