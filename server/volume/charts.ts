// Geometry of the volume charts, computed here so the templates only draw (server-rendered SVG, no
// script): bars of weekly totals, and one line per weekday across the hours of the day.

export interface BarChart {
  width: number;
  height: number;
  left: number;
  baseline: number;
  barWidth: number;
  ticks: { y: number; value: number }[];
  bars: { x: number; height: number; label: string; value: number; showLabel: boolean }[];
}

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 48;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 28;

/** A round axis maximum at or above `max`: 1, 2 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function ticksFor(top: number, baseline: number, axisMax: number): { y: number; value: number }[] {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    y: Math.round(baseline - f * (baseline - top)),
    value: Math.round(f * axisMax),
  }));
}

/** Bars for `values`, labelled every `labelEvery` bars (a year of weeks cannot show 52 dates). */
export function barChart(values: { label: string; value: number }[], labelEvery = 1): BarChart {
  const baseline = HEIGHT - BOTTOM;
  const axisMax = niceMax(Math.max(0, ...values.map((v) => v.value)));
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, values.length);
  const barWidth = Math.max(1, Math.floor(slot * 0.8));
  return {
    width: WIDTH,
    height: HEIGHT,
    left: LEFT,
    baseline,
    barWidth,
    ticks: ticksFor(TOP, baseline, axisMax),
    bars: values.map((v, i) => ({
      x: Math.round(LEFT + i * slot + (slot - barWidth) / 2),
      height: Math.round(((baseline - TOP) * v.value) / axisMax),
      label: v.label,
      value: Math.round(v.value),
      showLabel: i % labelEvery === 0,
    })),
  };
}

export interface LineChart {
  width: number;
  height: number;
  left: number;
  baseline: number;
  ticks: { y: number; value: number }[];
  hours: { x: number; label: string }[];
  lines: { name: string; points: string }[];
}

/** One line per series across the hours `fromHour`..`toHour` (inclusive). */
export function hourLines(
  series: { name: string; hours: number[] }[],
  fromHour: number,
  toHour: number,
): LineChart {
  const baseline = HEIGHT - BOTTOM;
  const span = Math.max(1, toHour - fromHour);
  const axisMax = niceMax(Math.max(0, ...series.flatMap((s) => s.hours.slice(fromHour, toHour + 1))));
  const x = (h: number) => Math.round(LEFT + ((WIDTH - LEFT - RIGHT) * (h - fromHour)) / span);
  const y = (v: number) => Math.round(baseline - ((baseline - TOP) * v) / axisMax);
  const hours: { x: number; label: string }[] = [];
  for (let h = fromHour; h <= toHour; h++) hours.push({ x: x(h), label: String(h).padStart(2, '0') });
  return {
    width: WIDTH,
    height: HEIGHT,
    left: LEFT,
    baseline,
    ticks: ticksFor(TOP, baseline, axisMax),
    hours,
    lines: series.map((s) => ({
      name: s.name,
      points: hours.map((_, i) => `${x(fromHour + i)},${y(s.hours[fromHour + i] ?? 0)}`).join(' '),
    })),
  };
}
