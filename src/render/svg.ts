import { formatFen, formatScaled } from '../money/fen.js';
import { escapeHtml } from './html-escape.js';
import { groupThousands } from './text.js';

/**
 * Inline SVG charts for report.html: no script, no external reference, and geometry computed in
 * integers (tenths of a pixel, from bigint fen), so the same inputs draw the same bytes.
 */

/** A length in tenths of a pixel, written as `12.3`. */
const px = (tenths: bigint | number): string => formatScaled(BigInt(tenths), 1).replace(/\.0$/, '');

/** `part / whole` as a percent with one decimal, half up; '' when whole is 0. */
export function percentText(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '';
  const neg = part < 0n;
  const p = neg ? -part : part;
  const tenths = (p * 2000n + whole) / (2n * whole); // round half up of p·1000/whole
  return (neg ? '-' : '') + formatScaled(tenths, 1) + '%';
}

export const money = (fen: bigint): string => groupThousands(formatFen(fen));

export type FlowKind = 'income' | 'cost' | 'household' | 'entry' | 'deficit';

export interface FlowStep {
  label: string;
  /** Positive: money coming in (income); negative: going out of the pool. */
  deltaFen: bigint;
  kind: FlowKind;
}

export const FLOW_COLOURS: Record<FlowKind, string> = {
  income: '#2f6db5',
  cost: '#8e99a6',
  household: '#2e9e5b',
  entry: '#d98f1f',
  deficit: '#c0392b',
};

/**
 * A horizontal waterfall: one row per step, each bar floating from the running total before the
 * step to the running total after it (income up from 0, every use of it down towards 0).
 */
export function flowChartSvg(steps: readonly FlowStep[], incomeFen: bigint, title: string, legend: Record<FlowKind, string>): string {
  const labelW = 1900n; // tenths of a pixel
  const barW = 5600n;
  const textW = 2500n;
  const rowH = 280;
  const top = 100;
  let run = 0n;
  let lo = 0n;
  let hi = 0n;
  const spans = steps.map((s) => {
    const from = run;
    run += s.deltaFen;
    lo = lo < run ? lo : run;
    hi = hi > run ? hi : run;
    return { ...s, from, to: run };
  });
  const range = hi - lo === 0n ? 1n : hi - lo;
  const x = (v: bigint) => labelW + ((v - lo) * barW) / range;
  const width = labelW + barW + textW;
  const height = top + spans.length * rowH + 500;
  const out: string[] = [];
  out.push(
    `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${px(width)} ${px(height)}" width="100%" preserveAspectRatio="xMinYMin meet">`,
  );
  out.push(`<title>${escapeHtml(title)}</title>`);
  // Zero line.
  out.push(`<line x1="${px(x(0n))}" y1="${px(top - 40)}" x2="${px(x(0n))}" y2="${px(top + spans.length * rowH)}" stroke="#555" stroke-width="1"/>`);
  spans.forEach((s, k) => {
    const y = top + k * rowH;
    const a = s.from < s.to ? s.from : s.to;
    const b = s.from < s.to ? s.to : s.from;
    const w = x(b) - x(a);
    out.push(`<text x="${px(labelW - 80n)}" y="${px(y + 190)}" text-anchor="end" class="lbl">${escapeHtml(s.label)}</text>`);
    out.push(
      `<rect x="${px(x(a))}" y="${px(y + 40)}" width="${px(w > 0n ? w : 0n)}" height="${px(rowH - 80)}" fill="${FLOW_COLOURS[s.kind]}"/>`,
    );
    if (k + 1 < spans.length) {
      // Connector from this bar's end to the next bar's start.
      out.push(`<line x1="${px(x(s.to))}" y1="${px(y + rowH - 40)}" x2="${px(x(s.to))}" y2="${px(y + rowH + 40)}" stroke="#999" stroke-dasharray="2 2"/>`);
    }
    const amount = s.deltaFen < 0n ? -s.deltaFen : s.deltaFen;
    const pct = s.kind === 'income' ? '' : percentText(amount, incomeFen);
    out.push(
      `<text x="${px(labelW + barW + 80n)}" y="${px(y + 190)}" class="amt">${escapeHtml(money(amount))}${pct ? ` <tspan class="pct">(${pct})</tspan>` : ''}</text>`,
    );
  });
  // Legend.
  const ly = top + spans.length * rowH + 200;
  let lx = labelW;
  for (const kind of Object.keys(legend) as FlowKind[]) {
    if (!spans.some((s) => s.kind === kind)) continue;
    out.push(`<rect x="${px(lx)}" y="${px(ly)}" width="${px(140)}" height="${px(140)}" fill="${FLOW_COLOURS[kind]}"/>`);
    out.push(`<text x="${px(lx + 200n)}" y="${px(ly + 125)}" class="lgd">${escapeHtml(legend[kind])}</text>`);
    lx += 1500n;
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Nice bin widths in fen: 1, 2, 5 × 10^k 元. */
function niceBinWidth(maxFen: bigint, maxBins: bigint): bigint {
  for (let unit = 100n; ; unit *= 10n) {
    for (const m of [1n, 2n, 5n]) {
      const w = unit * m;
      if (maxFen / w + 1n <= maxBins) return w;
    }
  }
}

export interface Histogram {
  binFen: bigint;
  counts: number[];
}

/** Household amounts (≥ 0) binned as [k·w, (k+1)·w); negative amounts go to the first bin. */
export function histogram(values: ArrayLike<bigint>, maxBins = 10): Histogram {
  let max = 0n;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const binFen = niceBinWidth(max, BigInt(maxBins));
  const counts = new Array<number>(Number(max / binFen) + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] < 0n ? 0n : values[i];
    counts[Number(v / binFen)]++;
  }
  return { binFen, counts };
}

/** Vertical bars, one per bin, labelled with its range in 元 and its count of households. */
export function histogramSvg(h: Histogram, title: string, unitLabel: string): string {
  const left = 600;
  const plotW = 9400;
  const plotH = 1400;
  const top = 350;
  const n = h.counts.length;
  const maxCount = Math.max(1, ...h.counts);
  const slot = Math.floor(plotW / n);
  const out: string[] = [];
  out.push(
    `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${px(left + plotW + 200)} ${px(top + plotH + 450)}" width="100%" preserveAspectRatio="xMinYMin meet">`,
  );
  out.push(`<title>${escapeHtml(title)}</title>`);
  out.push(`<line x1="${px(left)}" y1="${px(top + plotH)}" x2="${px(left + plotW)}" y2="${px(top + plotH)}" stroke="#555"/>`);
  out.push(`<text x="${px(left)}" y="${px(140)}" class="lgd">${escapeHtml(unitLabel)}</text>`);
  h.counts.forEach((c, k) => {
    const bh = Math.floor((c * plotH) / maxCount);
    const x = left + k * slot + 60;
    const w = slot - 120;
    out.push(`<rect x="${px(x)}" y="${px(top + plotH - bh)}" width="${px(w)}" height="${px(bh)}" fill="#2f6db5"/>`);
    if (c > 0) out.push(`<text x="${px(x + Math.floor(w / 2))}" y="${px(top + plotH - bh - 60)}" text-anchor="middle" class="amt">${c}</text>`);
    const from = BigInt(k) * h.binFen;
    const to = from + h.binFen;
    const label = `${groupThousands((from / 100n).toString())}–${groupThousands((to / 100n).toString())}`;
    out.push(`<text x="${px(x + Math.floor(w / 2))}" y="${px(top + plotH + 300)}" text-anchor="middle" class="tick">${escapeHtml(label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

export interface BarItem {
  label: string;
  valueFen: bigint;
  note?: string;
}

/** Horizontal bars from 0 (negative values drawn as empty), one per item, with the amount written after it. */
export function barChartSvg(items: readonly BarItem[], title: string): string {
  const labelW = 2200n;
  const barW = 5800n;
  const textW = 2000n;
  const rowH = 260;
  let max = 1n;
  for (const it of items) if (it.valueFen > max) max = it.valueFen;
  const out: string[] = [];
  out.push(
    `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${px(labelW + barW + textW)} ${px(items.length * rowH + 100)}" width="100%" preserveAspectRatio="xMinYMin meet">`,
  );
  out.push(`<title>${escapeHtml(title)}</title>`);
  items.forEach((it, k) => {
    const y = 50 + k * rowH;
    const w = it.valueFen > 0n ? (it.valueFen * barW) / max : 0n;
    out.push(`<text x="${px(labelW - 80n)}" y="${px(y + 175)}" text-anchor="end" class="lbl">${escapeHtml(it.label)}</text>`);
    out.push(`<rect x="${px(labelW)}" y="${px(y + 40)}" width="${px(w)}" height="${px(rowH - 80)}" fill="#2e9e5b"/>`);
    out.push(
      `<text x="${px(labelW + w + 80n)}" y="${px(y + 175)}" class="amt">${escapeHtml(it.note ?? money(it.valueFen))}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
