// A small bar chart of hours per day, drawn as SVG with a <title> (its accessible name)
// and a <desc> listing every value, so the numbers are there without the picture.
import { hours } from '../format';

export interface DayValue { date: string; seconds: number }

const width = 420;
const height = 150;
const pad = { left: 34, right: 8, top: 12, bottom: 24 };

/// `id` must be unique on the page: the title and description are referenced by it.
export function HoursChart({ id, title, days }: { id: string; title: string; days: DayValue[] }) {
  const max = Math.max(3600, ...days.map((d) => d.seconds));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, days.length);
  const top = Math.ceil(max / 3600);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{days.map((d) => `${d.date}: ${hours(d.seconds)} h`).join('; ')}</desc>
      <line class="axis" x1={pad.left} y1={pad.top + plotH} x2={width - pad.right} y2={pad.top + plotH} />
      <line class="axis" x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + plotH} />
      <text x={pad.left - 4} y={pad.top + 4} text-anchor="end">{top} h</text>
      <text x={pad.left - 4} y={pad.top + plotH} text-anchor="end">0</text>
      {days.map((d, i) => {
        const h = (d.seconds / (top * 3600)) * plotH;
        const x = pad.left + i * slot + slot * 0.15;
        return (
          <g key={d.date}>
            <rect class="bar" x={x} y={pad.top + plotH - h} width={slot * 0.7} height={h}>
              <title>{`${d.date}: ${hours(d.seconds)} h`}</title>
            </rect>
            {(days.length - 1 - i) % 2 === 0 && ( // every other day, today always
              <text x={x + slot * 0.35} y={height - 8} text-anchor="middle">{d.date.slice(5)}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
