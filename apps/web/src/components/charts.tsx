/**
 * Small server-rendered SVG charts (no chart library, no client JavaScript). Each chart is a
 * `<figure>` with a caption and an `aria-label` summarising its data for screen readers; the pages
 * also show the same numbers in tables.
 */

/** One bar. */
export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;

/** Where `value` falls on [lo, hi] mapped to [x0, x1]. */
export function scale(value: number, lo: number, hi: number, x0: number, x1: number): number {
  if (hi === lo) return (x0 + x1) / 2;
  return x0 + ((value - lo) / (hi - lo)) * (x1 - x0);
}

/**
 * Horizontal bars around a zero line (negative values to the left, in the "bad" colour).
 * `format` renders the value labels.
 */
export function BarChart({
  title,
  items,
  format,
  testId,
}: {
  title: string;
  items: Bar[];
  format: (value: number) => string;
  testId?: string;
}) {
  const rowHeight = 24;
  const labelWidth = 130;
  const valueWidth = 96;
  const height = Math.max(1, items.length) * rowHeight + 8;
  const lo = Math.min(0, ...items.map((i) => i.value));
  const hi = Math.max(0, ...items.map((i) => i.value));
  // Room for the value labels on the side(s) where bars can end.
  const x0 = labelWidth + (lo < 0 ? valueWidth : 0);
  const x1 = WIDTH - (hi > 0 ? valueWidth : 8);
  const zero = scale(0, lo, hi, x0, x1);
  const summary = items.map((i) => `${i.label} ${format(i.value)}`).join(', ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}: ${summary}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {items.map((item, index) => {
          const y = 4 + index * rowHeight;
          const x = scale(item.value, lo, hi, x0, x1);
          const left = Math.min(x, zero);
          const width = Math.max(1, Math.abs(x - zero));
          return (
            <g key={item.label}>
              <text
                x={labelWidth - 8}
                y={y + rowHeight / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="chart-label"
              >
                {item.label}
              </text>
              <rect
                x={left}
                y={y + 3}
                width={width}
                height={rowHeight - 6}
                className={item.value < 0 ? 'bar-neg' : 'bar-pos'}
              />
              <text
                x={item.value < 0 ? left - 4 : left + width + 4}
                y={y + rowHeight / 2}
                textAnchor={item.value < 0 ? 'end' : 'start'}
                dominantBaseline="middle"
                className="chart-value"
              >
                {format(item.value)}
              </text>
            </g>
          );
        })}
        <line x1={zero} x2={zero} y1={0} y2={height} className="axis" />
      </svg>
    </figure>
  );
}

/** A vertical marker on a histogram (e.g. VaR, ES). */
export interface Marker {
  value: number;
  label: string;
  className?: string;
}

/**
 * Histogram of a loss distribution (`edges` has one more entry than `counts`), with vertical
 * markers. Counts below/above the range are noted in the caption.
 */
export function Histogram({
  title,
  edges,
  counts,
  markers,
  format,
  testId,
}: {
  title: string;
  edges: number[];
  counts: number[];
  markers: Marker[];
  format: (value: number) => string;
  testId?: string;
}) {
  const height = 240;
  const padBottom = 28;
  const padTop = 34;
  const padX = 12;
  // Empty bins at both ends only waste width: keep the occupied range (markers stay in view below).
  const occupied = trimEmpty(counts);
  counts = counts.slice(occupied.start, occupied.end);
  edges = edges.slice(occupied.start, occupied.end + 1);
  const first = edges[0] ?? 0;
  const last = edges[edges.length - 1] ?? 1;
  const lo = Math.min(first, ...markers.map((m) => m.value));
  const hi = Math.max(last, ...markers.map((m) => m.value));
  const top = Math.max(1, ...counts);
  const x = (v: number) => scale(v, lo, hi, padX, WIDTH - padX);
  const y = (c: number) => height - padBottom - (c / top) * (height - padBottom - padTop);
  const summary = markers.map((m) => `${m.label} ${format(m.value)}`).join(', ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${title}. ${summary}`}>
        {counts.map((count, i) => {
          const a = edges[i];
          const b = edges[i + 1];
          if (a === undefined || b === undefined) return null;
          return (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
              key={i}
              x={x(a)}
              y={y(count)}
              width={Math.max(0.5, x(b) - x(a) - 0.5)}
              height={height - padBottom - y(count)}
              className="bar-pos"
            />
          );
        })}
        <line x1={padX} x2={WIDTH - padX} y1={height - padBottom} y2={height - padBottom} className="axis" />
        <text x={padX} y={height - 8} className="chart-label">
          {format(lo)}
        </text>
        <text x={WIDTH - padX} y={height - 8} textAnchor="end" className="chart-label">
          {format(hi)}
        </text>
        {markers.map((marker, i) => (
          <g key={marker.label} className={marker.className ?? 'marker'}>
            <line x1={x(marker.value)} x2={x(marker.value)} y1={padTop - 4} y2={height - padBottom} />
            <text
              x={x(marker.value)}
              y={12 + i * 13}
              textAnchor={x(marker.value) > WIDTH * 0.7 ? 'end' : 'start'}
              dx={x(marker.value) > WIDTH * 0.7 ? -4 : 4}
            >
              {marker.label} {format(marker.value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Index range [start, end) of `counts` without the zero runs at both ends (all of it when all are zero). */
export function trimEmpty(counts: readonly number[]): { start: number; end: number } {
  let start = 0;
  let end = counts.length;
  while (start < end && counts[start] === 0) start++;
  while (end > start && counts[end - 1] === 0) end--;
  return start === end ? { start: 0, end: counts.length } : { start, end };
}

/** One point of a series over time. */
export interface SeriesPoint {
  x: string;
  y: number;
}

/**
 * Backtest chart: realised loss per day (thin bars) against the VaR line; exceptions (loss > VaR)
 * as dots.
 */
export function ExceptionsChart({
  title,
  dates,
  loss,
  varLine,
  format,
  testId,
}: {
  title: string;
  dates: string[];
  loss: number[];
  varLine: number[];
  format: (value: number) => string;
  testId?: string;
}) {
  const height = 240;
  const pad = { left: 8, right: 8, top: 12, bottom: 26 };
  const n = dates.length;
  const lo = Math.min(0, ...loss);
  const hi = Math.max(0, ...loss, ...varLine);
  const x = (i: number) => scale(i, 0, Math.max(1, n - 1), pad.left, WIDTH - pad.right);
  const y = (v: number) => scale(v, lo, hi, height - pad.bottom, pad.top);
  const exceptions = loss.flatMap((l, i) => ((varLine[i] ?? Number.POSITIVE_INFINITY) < l ? [i] : []));
  const path = varLine.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}: ${n} days from ${dates[0] ?? ''} to ${dates[n - 1] ?? ''}, ${exceptions.length} exceptions`}
      >
        {loss.map((l, i) => (
          <line
            // biome-ignore lint/suspicious/noArrayIndexKey: days are positional
            key={i}
            x1={x(i)}
            x2={x(i)}
            y1={y(0)}
            y2={y(l)}
            className="loss-line"
          />
        ))}
        <path d={path} className="var-line" fill="none" />
        {exceptions.map((i) => (
          <circle key={i} cx={x(i)} cy={y(loss[i] ?? 0)} r={3} className="exception-dot" />
        ))}
        <line x1={pad.left} x2={WIDTH - pad.right} y1={y(0)} y2={y(0)} className="axis" />
        <text x={pad.left} y={height - 8} className="chart-label">
          {dates[0]}
        </text>
        <text x={WIDTH - pad.right} y={height - 8} textAnchor="end" className="chart-label">
          {dates[n - 1]}
        </text>
        <text x={WIDTH - pad.right} y={pad.top + 4} textAnchor="end" className="chart-label">
          top {format(hi)}
        </text>
      </svg>
    </figure>
  );
}

/** Background colour of a P&L cell: red for losses, green for gains, intensity by |value| / max. */
export function pnlColor(value: number, maxAbs: number): string {
  if (!Number.isFinite(value) || maxAbs <= 0) return 'transparent';
  const t = Math.min(1, Math.abs(value) / maxAbs);
  const alpha = (0.1 + 0.75 * t).toFixed(2);
  return value < 0 ? `rgba(207, 34, 46, ${alpha})` : `rgba(26, 127, 55, ${alpha})`;
}
