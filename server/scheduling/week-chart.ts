// The schedule page's coverage chart: staff on duty against the minimum needed, hour by hour.
import { type ShiftView } from './week-view.service';

export interface ChartBar {
  x: number;
  label: string;
  required: number;
  assigned: number;
  requiredHeight: number;
  assignedHeight: number;
  missing: number;
}

const CHART = { width: 720, height: 220, top: 20, bottom: 40, left: 40, right: 10 } as const;

/** Required vs assigned person-shifts per day, as bar geometry for a server-rendered SVG. */
export function coverageChart(byShift: ShiftView[], dates: string[]) {
  const perDay = dates.map((date, day) => {
    const shifts = byShift.filter((s) => s.day === day);
    const required = shifts.reduce((n, s) => n + s.required, 0);
    const covered = shifts.reduce((n, s) => n + (s.required - s.missing), 0);
    return { date, required, covered, missing: required - covered };
  });
  const peak = Math.max(1, ...perDay.map((d) => d.required));
  const plot = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, dates.length);
  const bars: ChartBar[] = perDay.map((d, i) => ({
    x: CHART.left + i * slot + slot * 0.15,
    label: d.date,
    required: d.required,
    assigned: d.covered,
    requiredHeight: (d.required / peak) * plot,
    assignedHeight: (d.covered / peak) * plot,
    missing: d.missing,
  }));
  const ticks = [0, Math.round(peak / 2), peak].map((v) => ({
    value: v,
    y: CHART.top + plot - (v / peak) * plot,
  }));
  return { ...CHART, plot, barWidth: slot * 0.7, baseline: CHART.top + plot, bars, ticks };
}
