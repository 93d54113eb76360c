// One solver input for the sites of a district, from each site's own input: every shift and demand of
// every site, each site's staff and the floaters who work there, so the optimiser sends floaters where
// they are needed most. Pure.
//
// Clock: the solver counts minutes from 00:00 on the Monday at the first site; a site in another zone
// has its shifts moved by the difference (a Chicago shift at 08:00 starts at minute 540 + 60 on New
// York's clock), so rest and overlap between sites are exact. Days stay each site's local days.
//
// Who may work where: a person is eligible for a site's shifts only when that site's own input has
// them (its staff and the floaters to it); for every other site's shifts they qualify for nothing.
import type {
  Assignment,
  ScheduleInput,
  ShiftInstance,
  Staff as SolverStaff,
  SiteId,
} from '../../solver/core/types';
import type { RatioPack } from '../../solver/core/ratio-packs';
import type { SolverInputContext } from './week-facts';
import { zoneOffsetMinutes } from './week-time';

const keyOf = (a: Assignment): string => `${a.staff}|${a.shift}|${a.position}`;

function uniqueAssignments(lists: (Assignment[] | undefined)[]): Assignment[] {
  const out = new Map<string, Assignment>();
  for (const list of lists) for (const a of list ?? []) out.set(keyOf(a), a);
  return [...out.values()];
}

/** Merges the inputs of a district's sites (the first one's clock, weights and week) into one. */
export function mergeDistrictInputs(sites: SolverInputContext[]): ScheduleInput {
  const first = sites[0];
  if (!first) throw new Error('A district solve needs at least one site.');
  const zone = first.site.timeZone;
  const shifts = new Map<string, ShiftInstance>();
  const ratioBySite: Record<SiteId, number | null> = {};
  const packBySite: Record<SiteId, RatioPack | null> = {};
  const staff = new Map<string, SolverStaff>();
  const ownShiftsOf = sites.map((ctx) => new Set(ctx.shifts.map((s) => s.id)));

  sites.forEach((ctx, i) => {
    const offset = zoneOffsetMinutes(zone, ctx.site.timeZone, ctx.periodStart);
    const own = ownShiftsOf[i]!;
    for (const s of ctx.input.shifts) {
      if (shifts.has(s.id)) continue;
      // Shifts of this site count the ratio at this site; those elsewhere keep their own site name.
      const site = own.has(s.id) ? ctx.site.name : s.site;
      shifts.set(s.id, { ...s, start: s.start + offset, end: s.end + offset, ...(site ? { site } : {}) });
    }
    Object.assign(ratioBySite, ctx.input.rules?.technicianRatioBySite ?? {});
    ratioBySite[ctx.site.name] = ctx.input.rules?.technicianRatio ?? null;
    Object.assign(packBySite, ctx.input.rules?.ratioPackBySite ?? {});
    packBySite[ctx.site.name] = ctx.input.rules?.ratioPack ?? null;
    for (const p of ctx.input.staff) {
      const known = staff.get(p.id);
      if (!known) {
        staff.set(p.id, { ...p, qualifiedByShift: { ...p.qualifiedByShift } });
        continue;
      }
      known.qualifiedByShift = { ...known.qualifiedByShift, ...p.qualifiedByShift };
      known.availability = { ...known.availability, ...p.availability };
      known.certifiedByShift = { ...known.certifiedByShift, ...p.certifiedByShift };
      known.unqualifiedReasons = [...(known.unqualifiedReasons ?? []), ...(p.unqualifiedReasons ?? [])];
      known.workedDaysBefore = Math.max(known.workedDaysBefore ?? 0, p.workedDaysBefore ?? 0);
    }
  });
  // Nobody works at a site that is not theirs.
  for (const p of staff.values()) {
    sites.forEach((ctx, i) => {
      if (ctx.input.staff.some((q) => q.id === p.id)) return;
      for (const id of ownShiftsOf[i]!) p.qualifiedByShift = { ...p.qualifiedByShift, [id]: [] };
    });
  }

  const rules = sites.map((ctx) => ctx.input.rules ?? {});
  const changeCosts = Object.assign({}, ...sites.map((ctx) => ctx.input.changeCosts ?? {})) as Record<
    string,
    number
  >;
  const frozen = [...new Set(sites.flatMap((ctx) => ctx.input.frozenShifts ?? []))];
  const locked = uniqueAssignments(sites.map((ctx) => ctx.input.locked));
  const previous = uniqueAssignments(sites.map((ctx) => ctx.input.previous));
  const consecutive = rules
    .map((r) => r.maxConsecutiveDays)
    .filter((d): d is number => typeof d === 'number');
  const merged: NonNullable<ScheduleInput['rules']> = {
    ...first.input.rules,
    // The strictest of the sites: a floater's rest and run of days are one person's.
    minRestMinutes: Math.max(...rules.map((r) => r.minRestMinutes ?? 0)),
    ...(consecutive.length > 0 ? { maxConsecutiveDays: Math.min(...consecutive) } : {}),
    technicianRatioBySite: ratioBySite,
    ratioPackBySite: packBySite,
  };
  // Every site's pack is named above; the first site's must not stand in for the others.
  delete merged.ratioPack;
  // Budgets are per site and the solver knows one per input: a district solve plans without them.
  delete merged.budget;
  return {
    horizon: first.input.horizon,
    shifts: [...shifts.values()].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id)),
    positions: first.input.positions,
    demands: sites.flatMap((ctx) => ctx.input.demands),
    staff: [...staff.values()],
    rules: merged,
    ...(first.input.weights ? { weights: first.input.weights } : {}),
    ...(locked.length > 0 ? { locked } : {}),
    ...(previous.length > 0 ? { previous } : {}),
    ...(frozen.length > 0 ? { frozenShifts: frozen } : {}),
    ...(Object.keys(changeCosts).length > 0 ? { changeCosts } : {}),
  };
}
