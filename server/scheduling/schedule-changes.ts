// What changed between two versions of a schedule, as the list people read ("Mon 07:00–15:30 Day:
// Ana Diaz added as Pharmacist") and the one-line summary stored with a publish. Pure.
import { DateTime } from 'luxon';
import { type SlotRow } from './assignments.repository';
import { type GuardedVersion } from './publish.service';

/** The facts about one assignment that a change list talks about. */
export type SlotFact = Pick<
  SlotRow,
  | 'staffId'
  | 'staffName'
  | 'shiftDate'
  | 'templateId'
  | 'templateName'
  | 'startMinute'
  | 'endMinute'
  | 'positionId'
  | 'positionName'
>;

/**
 * One person's change on one day between two versions:
 * - `added` / `removed`: a shift they did not have / no longer have that day;
 * - `moved`: a different shift the same day (paired in order of start time);
 * - `position`: the same shift in another position.
 */
export interface ScheduleChange {
  kind: 'added' | 'removed' | 'moved' | 'position';
  staffId: number;
  staffName: string;
  shiftDate: string;
  before: SlotFact | null;
  after: SlotFact | null;
}

/**
 * Everything that differs between two versions' assignments, person by person and day by day,
 * ordered by day, shift start and name. Pure.
 */
export function diffSlots(before: SlotFact[], after: SlotFact[]): ScheduleChange[] {
  const group = (slots: SlotFact[]) => {
    const map = new Map<string, SlotFact[]>();
    for (const s of slots) {
      const key = `${s.staffId}|${s.shiftDate}`;
      const list = map.get(key);
      if (list) list.push(s);
      else map.set(key, [s]);
    }
    return map;
  };
  const beforeByDay = group(before);
  const afterByDay = group(after);
  const keys = new Set([...beforeByDay.keys(), ...afterByDay.keys()]);
  const changes: ScheduleChange[] = [];
  const byStart = (a: SlotFact, b: SlotFact) => a.startMinute - b.startMinute || a.templateId - b.templateId;

  for (const key of keys) {
    const was = (beforeByDay.get(key) ?? []).sort(byStart);
    const now = (afterByDay.get(key) ?? []).sort(byStart);
    const person = (now[0] ?? was[0])!;
    const base = { staffId: person.staffId, staffName: person.staffName, shiftDate: person.shiftDate };
    const removed: SlotFact[] = [];
    for (const w of was) {
      const same = now.find((n) => n.templateId === w.templateId);
      if (!same) removed.push(w);
      else if (same.positionId !== w.positionId)
        changes.push({ ...base, kind: 'position', before: w, after: same });
    }
    const added = now.filter((n) => !was.some((w) => w.templateId === n.templateId));
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++)
      changes.push({ ...base, kind: 'moved', before: removed[i]!, after: added[i]! });
    for (const r of removed.slice(pairs)) changes.push({ ...base, kind: 'removed', before: r, after: null });
    for (const a of added.slice(pairs)) changes.push({ ...base, kind: 'added', before: null, after: a });
  }
  const startOf = (c: ScheduleChange) => (c.after ?? c.before)!.startMinute;
  return changes.sort(
    (a, b) =>
      a.shiftDate.localeCompare(b.shiftDate) ||
      startOf(a) - startOf(b) ||
      a.staffName.localeCompare(b.staffName),
  );
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return minutes === 1440
    ? '24:00'
    : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "Evening 15:00–23:30" */
export function describeShift(s: Pick<SlotFact, 'templateName' | 'startMinute' | 'endMinute'>): string {
  return `${s.templateName} ${clock(s.startMinute)}–${clock(s.endMinute)}`;
}

/** "Tue 1 Dec" */
export function describeDay(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' });
  return d.isValid ? d.toFormat('ccc d LLL') : isoDate;
}

/** One change as a sentence, e.g. "Tue 1 Dec: Priya Raman moved from Day 07:00–15:30 (Pharmacist) to Evening 15:00–23:30 (Pharmacist)". */
export function formatChange(c: ScheduleChange): string {
  const day = describeDay(c.shiftDate);
  switch (c.kind) {
    case 'added':
      return `${day}: ${c.staffName} added to ${describeShift(c.after!)} as ${c.after!.positionName}`;
    case 'removed':
      return `${day}: ${c.staffName} removed from ${describeShift(c.before!)} (${c.before!.positionName})`;
    case 'moved':
      return `${day}: ${c.staffName} moved from ${describeShift(c.before!)} (${c.before!.positionName}) to ${describeShift(c.after!)} (${c.after!.positionName})`;
    case 'position':
      return `${day}: ${c.staffName} on ${describeShift(c.after!)} now works as ${c.after!.positionName} instead of ${c.before!.positionName}`;
  }
}

/**
 * The plain-text change list stored on a published version: a heading line, then one "- " line
 * per change. Without a previous version it says how many assignments the first version has.
 */
export function summarizeChanges(
  baseVersion: number | null,
  changes: ScheduleChange[],
  assignmentCount: number,
  sections: GuardedVersion = { insideNotice: [], corrected: [] },
): string {
  if (baseVersion === null) {
    return `First published version: ${assignmentCount === 1 ? '1 assignment' : `${assignmentCount} assignments`}.`;
  }
  if (changes.length === 0) return `No changes against version ${baseVersion}.`;
  const count = (kind: ScheduleChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const parts = [
    [count('added'), 'added'],
    [count('removed'), 'removed'],
    [count('moved'), 'moved'],
    [count('position'), 'position changed'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}`);
  // Changes inside the notice window and corrections of history are listed apart, after the others.
  const apart = new Set(
    [...sections.insideNotice, ...sections.corrected.map((c) => c.change)].map(formatChange),
  );
  const lines = [
    `Changes against version ${baseVersion} (${parts.join(', ')}):`,
    ...changes.filter((c) => !apart.has(formatChange(c))).map((c) => `- ${formatChange(c)}`),
  ];
  if (sections.insideNotice.length > 0) {
    lines.push('Inside the notice window:', ...sections.insideNotice.map((c) => `- ${formatChange(c)}`));
  }
  if (sections.corrected.length > 0) {
    lines.push(
      'Corrections of history:',
      ...sections.corrected.map(
        ({ change, correction }) =>
          `- ${formatChange(change)} — corrected by ${correction.byName}: ${correction.reason}`,
      ),
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The guard of every published version
// ---------------------------------------------------------------------------------------------
