// Consecutive working days: at most `maxConsecutiveDays` in a row (counting the days worked just
// before the period), and the Curtois minimum runs of days on and days off.
import { dayLabel } from '../calendar';
import { addTo, emptyExpr, type Expr } from '../lp';
import type { Rule } from './rule';

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
