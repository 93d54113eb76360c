// Consecutive working days: at most `maxConsecutiveDays` in a row (counting the days worked just
// before the period), and the Curtois minimum runs of days on and days off.
import { dayLabel } from '../calendar';
import { addTo, emptyExpr, type Expr, type ModelBuilder } from '../lp';
import type { StaffId } from '../types';
import type { Rule } from './rule';

/** A day's "works" expression read as: certainly off (nothing can be placed), certainly on (locked), or open. */
function dayState(e: Expr | undefined): 'off' | 'on' | 'open' {
  if (!e || (e.terms.size === 0 && e.constant < 0.5)) return 'off';
  return e.terms.size === 0 ? 'on' : 'open';
}

/**
 * The most days a person can work in `states` (one window of the horizon) when every run of work is at
 * most `maxRun` long, and every run of work (of days off) that the window holds between two days off
 * (two days worked) lasts at least `minRun` (`minOff`) days. Runs that touch the window's edges are
 * left free, so the count bounds every schedule whatever happens outside the window. −1: none fits.
 */
export function mostDaysInWindow(
  states: Array<'off' | 'on' | 'open'>,
  maxRun: number,
  minRun: number,
  minOff: number,
): number {
  // State: whether the last day is worked, the length of the current run (capped), and whether that
  // run started inside the window (so its minimum applies when it ends inside the window).
  const cap = Math.max(maxRun, minRun, minOff) + 1;
  type Key = string;
  let best = new Map<Key, number>([['start', 0]]);
  for (const state of states) {
    const next = new Map<Key, number>();
    const put = (key: Key, value: number): void => {
      if ((next.get(key) ?? -1) < value) next.set(key, value);
    };
    for (const [key, count] of best) {
      const [last, lengthText, boundedText] = key === 'start' ? ['none', '0', '0'] : key.split(':');
      const length = Number(lengthText);
      const bounded = boundedText === '1';
      if (state !== 'off') {
        // Work today: a run of days off ending here must be long enough if it began inside the window.
        if (last === 'on') {
          if (length + 1 <= maxRun) put(`on:${Math.min(cap, length + 1)}:${bounded ? 1 : 0}`, count + 1);
        } else if (!(last === 'off' && bounded && length < minOff) && maxRun >= 1) {
          put(`on:1:${last === 'off' ? 1 : 0}`, count + 1);
        }
      }
      if (state !== 'on') {
        if (last === 'off') put(`off:${Math.min(cap, length + 1)}:${bounded ? 1 : 0}`, count);
        else if (!(last === 'on' && bounded && length < minRun)) put(`off:1:${last === 'on' ? 1 : 0}`, count);
      }
    }
    best = next;
  }
  return best.size === 0 ? -1 : Math.max(...best.values());
}

/**
 * Valid inequalities that tighten the linear relaxation of the sequence rules together: "at most c days
 * worked in any window of L days", with c from `mostDaysInWindow`. With at most 5 days in a row and at
 * least 2 days off, any 7 days hold at most 5 worked days, which none of the rows above implies on its
 * own (5/6 of a day every day meets them all). Only windows up to `maxRun + minOff + 1` days long and
 * only where the rules together give less than `maxRun` alone; without a minimum of days off none is added.
 */
function addWindowRows(
  b: ModelBuilder,
  personId: StaffId,
  work: Expr[],
  maxRun: number | null,
  minRun: number,
  minOff: number,
): void {
  if (maxRun === null || minOff < 1) return;
  const days = b.input.horizon.days;
  const states = Array.from({ length: days }, (_, d) => dayState(work[d]));
  for (let length = maxRun + 2; length <= Math.min(days, maxRun + minOff + 1); length++) {
    for (let from = 0; from + length <= days; from++) {
      const window = states.slice(from, from + length);
      const open = window.filter((x) => x !== 'off').length;
      const most = mostDaysInWindow(window, maxRun, minRun, minOff);
      const alone = mostDaysInWindow(window, maxRun, 0, 0);
      if (most < 0 || most >= Math.min(open, alone)) continue;
      const e = emptyExpr();
      for (let d = from; d < from + length; d++) addTo(e, work[d] ?? emptyExpr());
      b.addLe(`window:${personId}:${from}:${length}`, e, most);
    }
  }
}

export const consecutiveDays: Rule = {
  name: 'consecutive-days',
  codes: ['MAX_CONSECUTIVE_DAYS', 'MIN_CONSECUTIVE_DAYS', 'MIN_CONSECUTIVE_DAYS_OFF'],
  terms: [],
  /** Max via sliding windows, min via run implications, on the "works on day d" of shifts-per-day. */
  constraints(b) {
    const days = b.input.horizon.days;
    for (const person of b.input.staff) {
      const work = b.work.get(person.id) ?? [];
      const w = (d: number): Expr => work[d] ?? emptyExpr();
      const maxRun = person.maxConsecutiveDays ?? b.rules.maxConsecutiveDays;
      if (maxRun !== null && maxRun !== undefined) {
        // Days worked in a row just before day 0 start a run: days 0..k may not all be worked when
        // before + k + 1 > maxRun (with before ≥ maxRun, day 0 itself is off).
        const before = Math.max(0, Math.floor(person.workedDaysBefore ?? 0));
        const k = Math.max(0, maxRun - before);
        if (before > 0 && k < maxRun && k < days) {
          const e = emptyExpr();
          for (let j = 0; j <= k; j++) addTo(e, w(j));
          b.addLe(`maxrunbefore:${person.id}`, e, k);
        }
        for (let d = 0; d + maxRun < days; d++) {
          const e = emptyExpr();
          for (let k = d; k <= d + maxRun; k++) addTo(e, w(k));
          b.addLe(`maxrun:${person.id}:${d}`, e, maxRun);
        }
      }
      // A run of work starting on d (off on d − 1) must last minRun days unless it reaches the horizon end.
      const minRun = person.minConsecutiveDays ?? 0;
      addWindowRows(b, person.id, work, maxRun ?? null, minRun, person.minConsecutiveDaysOff ?? 0);
      for (let d = 1; d < days; d++) {
        for (let j = 1; j < minRun && d + j < days; j++) {
          const e = emptyExpr();
          addTo(e, w(d));
          addTo(e, w(d - 1), -1);
          addTo(e, w(d + j), -1);
          b.addLe(`minrun:${person.id}:${d}:${j}`, e, 0);
        }
      }
      // A run of days off starting on d (worked d − 1) must last minOff days unless it reaches the end.
      const minOff = person.minConsecutiveDaysOff ?? 0;
      for (let d = 1; d < days; d++) {
        for (let j = 1; j < minOff && d + j < days; j++) {
          const e = emptyExpr();
          addTo(e, w(d - 1));
          addTo(e, w(d), -1);
          addTo(e, w(d + j));
          b.addLe(`minoff:${person.id}:${d}:${j}`, e, 1);
        }
      }
    }
  },
  checkPerson({ input, rules, person, perDay, shiftsOf, add }) {
    const name = person.name;
    const days = input.horizon.days;
    const worked = Array.from({ length: days }, (_, d) => perDay.has(d));
    const runs: Array<{ on: boolean; from: number; to: number }> = [];
    for (let d = 0; d < days; d++) {
      const last = runs[runs.length - 1];
      if (last && last.on === worked[d]) last.to = d;
      else runs.push({ on: worked[d] === true, from: d, to: d });
    }
    const maxRun = person.maxConsecutiveDays ?? rules.maxConsecutiveDays;
    const before = Math.max(0, Math.floor(person.workedDaysBefore ?? 0));
    for (const run of runs) {
      // A run of work on day 0 continues the days worked just before the horizon.
      const carried = run.on && run.from === 0 ? before : 0;
      const length = run.to - run.from + 1 + carried;
      const inside = run.from > 0 && run.to < days - 1;
      const span = `${carried > 0 ? `the ${carried} day${carried === 1 ? '' : 's'} before, then ` : ''}${dayLabel(input.horizon, run.from)} to ${dayLabel(input.horizon, run.to)}`;
      if (run.on && maxRun !== null && maxRun !== undefined && length > maxRun) {
        add(
          'MAX_CONSECUTIVE_DAYS',
          `${name} works ${length} days in a row (${span}); at most ${maxRun} allowed.`,
          shiftsOf((s) => s.day >= run.from && s.day <= run.to),
        );
      }
      if (run.on && inside && person.minConsecutiveDays !== undefined && length < person.minConsecutiveDays) {
        add(
          'MIN_CONSECUTIVE_DAYS',
          `${name} works only ${length} day${length === 1 ? '' : 's'} in a row (${span}); at least ${person.minConsecutiveDays} required.`,
          shiftsOf((s) => s.day >= run.from && s.day <= run.to),
        );
      }
      if (
        !run.on &&
        inside &&
        person.minConsecutiveDaysOff !== undefined &&
        length < person.minConsecutiveDaysOff
      ) {
        add(
          'MIN_CONSECUTIVE_DAYS_OFF',
          `${name} has only ${length} day${length === 1 ? '' : 's'} off in a row (${span}); at least ${person.minConsecutiveDaysOff} required.`,
          [],
        );
      }
    }
  },
};
