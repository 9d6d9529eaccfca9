import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  createChart,
  HistogramSeries,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  LineStyle,
  TickMarkType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle, Interval, PremiumView } from '../market';
import { INTERVALS } from '../market';
import { cmp, dec, isZero, parseDecimal, toPlain } from '../model/decimal';
import { formatClock, formatDateTime, formatDecimal } from '../model/format';
import type { SymbolRules } from '../model/symbolRules';
import { el } from './dom';

const UP = '#16c784';
const DOWN = '#ea3943';
const UP_VOLUME = 'rgba(22, 199, 132, 0.35)';
const DOWN_VOLUME = 'rgba(234, 57, 67, 0.35)';

/**
 * The candlestick chart (TradingView's lightweight-charts) with volume beneath, interval buttons, and the mark and
 * index prices as horizontal lines once the exchange publishes them (a line is hidden while its price is "0").
 *
 * The chart library draws with JS numbers, so prices become numbers here, and only here: they are screen
 * coordinates, never compared, summed or sent anywhere. Every other number on the page stays a decimal string or
 * an exact Decimal.
 */
export class ChartView {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private readonly buttons = new Map<Interval, HTMLButtonElement>();
  private markLine: IPriceLine | undefined;
  private indexLine: IPriceLine | undefined;
  private lastOpenTime = 0;

  constructor(
    panel: HTMLElement,
    private readonly onInterval: (interval: Interval) => void,
  ) {
    const bar = el('div', { class: 'chart-intervals', attrs: { role: 'toolbar', 'aria-label': 'Interval' } });
    for (const interval of INTERVALS) {
      const button = el('button', {
        class: 'interval',
        text: interval,
        attrs: { type: 'button', 'data-interval': interval },
        on: { click: () => this.onInterval(interval) },
      });
      this.buttons.set(interval, button);
      bar.append(button);
    }
    // The library's own logo is off (it injects an inline <style>, which the page's CSP forbids, and reports the
    // page's URL to tradingview.com): its licence's attribution is this link instead.
    const legend = el(
      'div',
      { class: 'chart-legend' },
      el('span', { class: 'legend-mark', text: 'Mark' }),
      el('span', { class: 'legend-index', text: 'Index' }),
      el('a', {
        class: 'attribution',
        text: 'Chart by TradingView',
        attrs: { href: 'https://www.tradingview.com/', target: '_blank', rel: 'noopener noreferrer' },
      }),
    );
    const host = el('div', { class: 'chart-host', attrs: { id: 'chart' } });
    panel.append(el('div', { class: 'panel-head chart-head' }, bar, legend), host);

    this.chart = createChart(host, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: 'transparent' },
        textColor: '#8a94a6',
        fontSize: 11,
        attributionLogo: false,
      },
      grid: { vertLines: { color: '#1c222b' }, horzLines: { color: '#1c222b' } },
      rightPriceScale: { borderColor: '#262d38' },
      // A little room right of the newest candle, so its time label is not cut by the price scale.
      timeScale: {
        borderColor: '#262d38',
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 4,
        barSpacing: 8,
        tickMarkFormatter: tickMark,
      },
      crosshair: { mode: CrosshairMode.Normal },
      // Times in the viewer's zone, as the trades and orders beside the chart show them (the library's default
      // is UTC).
      localization: { timeFormatter: (time: Time) => formatDateTime(Number(time) * 1000) },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      wickUpColor: UP,
      wickDownColor: DOWN,
      borderVisible: false,
    });
    this.volume = this.chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: '',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  }

  setSymbol(rules: SymbolRules): void {
    this.candles.applyOptions({
      priceFormat: {
        type: 'price',
        precision: rules.priceDecimals,
        minMove: Number(toPlain(rules.tickSize)),
      },
    });
    // The axis writes prices as the rest of the page does (64,945.7); the number is the library's coordinate.
    this.chart.applyOptions({
      localization: {
        priceFormatter: (price: number) =>
          formatDecimal(price.toFixed(rules.priceDecimals), rules.priceDecimals),
      },
    });
    this.setPremium(undefined);
  }

  setInterval(interval: Interval): void {
    for (const [name, button] of this.buttons) button.classList.toggle('active', name === interval);
  }

  showCandles(change: { readonly all: readonly Candle[] } | { readonly one: Candle }): void {
    if ('all' in change) {
      this.candles.setData(change.all.map(candleBar));
      this.volume.setData(change.all.map(volumeBar));
      this.lastOpenTime = change.all.at(-1)?.openTime ?? 0;
      if (change.all.length > 0) this.chart.timeScale().scrollToRealTime();
      return;
    }
    // The chart only takes the newest bar or a newer one: a late message for an older candle is dropped.
    if (change.one.openTime < this.lastOpenTime) return;
    this.lastOpenTime = change.one.openTime;
    this.candles.update(candleBar(change.one));
    this.volume.update(volumeBar(change.one));
  }

  setPremium(premium: PremiumView | undefined): void {
    this.markLine = this.priceLine(this.markLine, premium?.markPrice, 'Mark', '#f5a524', LineStyle.Dashed);
    this.indexLine = this.priceLine(
      this.indexLine,
      premium?.indexPrice,
      'Index',
      '#8a94a6',
      LineStyle.Dotted,
    );
  }

  private priceLine(
    line: IPriceLine | undefined,
    price: string | undefined,
    title: string,
    color: string,
    lineStyle: LineStyle,
  ): IPriceLine | undefined {
    const value = price === undefined ? undefined : parseDecimal(price);
    if (value === undefined || isZero(value)) {
      if (line !== undefined) this.candles.removePriceLine(line);
      return undefined;
    }
    const options = {
      price: Number(price),
      title,
      color,
      lineStyle,
      lineWidth: 1 as const,
      axisLabelVisible: true,
    };
    if (line === undefined) return this.candles.createPriceLine(options);
    line.applyOptions(options);
    return line;
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Time axis labels in the viewer's zone: the year, the month, the day, or the time of day. */
function tickMark(time: Time, type: TickMarkType): string {
  const date = new Date(Number(time) * 1000);
  switch (type) {
    case TickMarkType.Year:
      return String(date.getFullYear());
    case TickMarkType.Month:
      return MONTHS[date.getMonth()]!;
    case TickMarkType.DayOfMonth:
      return String(date.getDate());
    case TickMarkType.Time:
      return formatClock(date.getTime()).slice(0, 5);
    case TickMarkType.TimeWithSeconds:
      return formatClock(date.getTime());
  }
}

function candleBar(c: Candle) {
  return {
    time: seconds(c.openTime),
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
  };
}

function volumeBar(c: Candle) {
  const rising = cmp(dec(c.close), dec(c.open)) >= 0;
  return { time: seconds(c.openTime), value: Number(c.volume), color: rising ? UP_VOLUME : DOWN_VOLUME };
}
