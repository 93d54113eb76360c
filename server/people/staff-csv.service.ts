// Roster CSV import and export. The import is all-or-nothing: every row is checked first and
// reported with its line number; only a file without errors is written, in one transaction.
// Rows are matched by email, so importing the same file twice changes nothing the second time.
import type { Db } from '../db/client';
import type { CurrentUser } from '../http/request-context';
import * as repo from './staff.repository';
import { StaffForm, type StaffFormData } from './staff.schemas';
import { recordAudit } from '../account/auth.service';
import { hashPassword } from '../account/passwords';
import { getSiteForUser } from '../sites/sites.service';
import { generateOneTimePassword } from './staff.service';
import { readCsv, toCsv } from '../lib/csv';
import { inviteStaff } from '../account/account-tokens.service';

export const ROSTER_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'role',
  'employment_type',
  'hourly_rate',
  'min_weekly_hours',
  'target_weekly_hours',
  'max_weekly_hours',
  'phone',
  'positions',
  'active',
] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = [
  'email',
  'first_name',
  'last_name',
  'employment_type',
  'hourly_rate',
];

/** Big enough for a chain's roster, small enough that a mistaken upload cannot hurt the server. */
export const MAX_IMPORT_CHARACTERS = 150_000;
export const MAX_IMPORT_ROWS = 1000;

/** CSV field → StaffForm field, so the import checks rows exactly like the form does. */
const FORM_FIELD: Partial<Record<Column, keyof StaffFormData>> = {
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  role: 'role',
  employment_type: 'employmentType',
  hourly_rate: 'hourlyRate',
  min_weekly_hours: 'minWeeklyHours',
  target_weekly_hours: 'targetWeeklyHours',
  max_weekly_hours: 'maxWeeklyHours',
  phone: 'phone',
};
const COLUMN_OF = Object.fromEntries(
  Object.entries(FORM_FIELD).map(([col, field]) => [field, col]),
) as Record<string, Column>;

export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  message: string;
}

export interface RosterRow {
  line: number;
  form: StaffFormData;
  positionIds: number[];
  active: boolean;
}

/**
 * Parses and checks a roster CSV without touching the database. `positionIdsByCode` maps
 * position codes (PHARMACIST, IV_TECH …) to ids.
 */
export function parseRosterCsv(
  text: string,
  positionIdsByCode: Map<string, number>,
): { ok: true; rows: RosterRow[] } | { ok: false; errors: RowError[] } {
  const read = readCsv(text, {
    maxCharacters: MAX_IMPORT_CHARACTERS,
    tooLarge: `The file is too large (over ${MAX_IMPORT_CHARACTERS.toLocaleString('en-US')} characters); split it.`,
  });
  if (!read.ok) return read;
  const { columns, headerLine, body } = read;
  const errors: RowError[] = [];
  const unknown = columns.filter((c) => !(ROSTER_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    errors.push({
      line: headerLine,
      message: `Unknown column ${unknown.map((c) => `"${c}"`).join(', ')}; use ${ROSTER_COLUMNS.join(', ')}.`,
    });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    errors.push({
      line: headerLine,
      message: `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    });
  if (errors.length > 0) return { ok: false, errors };
  if (body.length === 0)
    return { ok: false, errors: [{ line: 2, message: 'The file has a header but no rows.' }] };
  if (body.length > MAX_IMPORT_ROWS)
    return { ok: false, errors: [{ line: 1, message: `At most ${MAX_IMPORT_ROWS} rows per import.` }] };

  const rows: RosterRow[] = [];
  const seenEmails = new Map<string, number>();
  for (const { record, line } of body) {
    if (record.length !== columns.length) {
      errors.push({ line, message: `Expected ${columns.length} fields, found ${record.length}.` });
      continue;
    }
    const cell = (c: Column) => unescapeCell(record[columns.indexOf(c)] ?? '');
    const fields: Record<string, string> = {
      role: 'STAFF',
      minWeeklyHours: '0',
      targetWeeklyHours: '40',
      maxWeeklyHours: '40',
      phone: '',
    };
    for (const [col, field] of Object.entries(FORM_FIELD)) {
      if (columns.includes(col)) {
        const value = cell(col as Column);
        if (value !== '' || !(field in fields)) fields[field] = value;
      }
    }
    fields.role = fields.role!.toUpperCase();
    fields.employmentType = (fields.employmentType ?? '').toUpperCase().replace(/[\s-]+/g, '_');
    const parsed = StaffForm.safeParse(fields);
    if (!parsed.success) {
      // One message per column, as the form shows one per field.
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = COLUMN_OF[String(issue.path[0])] ?? String(issue.path[0] ?? 'row');
        if (reported.has(column)) continue;
        reported.add(column);
        errors.push({ line, message: `${column}: ${issue.message}` });
      }
      continue;
    }
    const positionIds: number[] = [];
    const codes = columns.includes('positions')
      ? cell('positions')
          .split(/[;|]/)
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean)
      : [];
    const unknownCodes = codes.filter((c) => !positionIdsByCode.has(c));
    if (unknownCodes.length > 0) {
      errors.push({
        line,
        message: `positions: unknown position ${unknownCodes.join(', ')}; use codes such as ${[...positionIdsByCode.keys()].slice(0, 3).join(', ')} separated by ";".`,
      });
      continue;
    }
    for (const c of codes) positionIds.push(positionIdsByCode.get(c)!);
    const activeText = columns.includes('active') ? cell('active').toLowerCase() : '';
    if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(activeText)) {
      errors.push({ line, message: 'active: write yes or no.' });
      continue;
    }
    const earlier = seenEmails.get(parsed.data.email);
    if (earlier !== undefined) {
      errors.push({ line, message: `email: ${parsed.data.email} already appears on line ${earlier}.` });
      continue;
    }
    seenEmails.set(parsed.data.email, line);
    rows.push({
      line,
      form: parsed.data,
      positionIds: [...new Set(positionIds)],
      active: !['no', 'false', '0'].includes(activeText),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

export interface ImportResult {
  ok: true;
  /** New people: each was emailed an invitation to choose their password. */
  created: { name: string; email: string }[];
  updated: number;
  unchanged: number;
}

/** Imports a roster: creates new people (each emailed an invitation), updates existing ones by email. */
export async function importRoster(
  db: Db,
  actor: CurrentUser,
  text: string,
): Promise<ImportResult | { ok: false; errors: RowError[] }> {
  const site = await getSiteForUser(db, actor);
  const positions = await repo.listPositions(db);
  const parsed = parseRosterCsv(text, new Map(positions.map((p) => [p.code, p.id])));
  if (!parsed.ok) return parsed;

  const existing = await repo.findUsersWithStaffByEmail(
    db,
    parsed.rows.map((r) => r.form.email),
  );
  const byEmail = new Map(existing.map((u) => [u.email, u]));
  const errors: RowError[] = [];
  for (const row of parsed.rows) {
    const user = byEmail.get(row.form.email);
    if (user && (!user.staff || user.staff.siteId !== site.id)) {
      errors.push({
        line: row.line,
        message: `email: ${row.form.email} belongs to an account that is not a staff member of this site.`,
      });
    }
    if (user?.id === actor.id && (row.form.role !== 'MANAGER' || !row.active)) {
      errors.push({
        line: row.line,
        message: 'You cannot remove your own manager role or deactivate yourself.',
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  // Hash outside the transaction: argon2 is slow and SQLite holds one writer at a time. The
  // passwords are secrets nobody is shown: people choose their own with the invitation's link.
  const newRows = parsed.rows.filter((r) => !byEmail.has(r.form.email));
  const passwords = newRows.map(() => generateOneTimePassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));

  let updated = 0;
  let unchanged = 0;
  await db.$transaction(
    async (tx) => {
      for (const [i, row] of newRows.entries()) {
        const staffId = await repo.createStaffWithUser(
          tx,
          { siteId: site.id, ...writeOf(row), active: row.active },
          { email: row.form.email, role: row.form.role, passwordHash: hashes[i]! },
          row.positionIds,
        );
        if (row.active)
          await inviteStaff(
            tx,
            { staffId, name: `${row.form.firstName} ${row.form.lastName}` },
            actor.displayName,
            site.name,
          );
      }
      for (const row of parsed.rows) {
        const staff = byEmail.get(row.form.email)?.staff;
        if (!staff) continue;
        if (sameAsStored(staff, row)) {
          unchanged++;
          continue;
        }
        updated++;
        await repo.updateStaffWithUser(
          tx,
          staff.id,
          { ...writeOf(row), active: row.active },
          { email: row.form.email, role: row.form.role },
          row.positionIds,
        );
        if (staff.active !== row.active) await repo.setStaffActive(tx, staff.id, row.active);
      }
    },
    { timeout: 60_000 },
  );
  await recordAudit(db, {
    actorId: actor.id,
    action: 'staff.import',
    detail: `${newRows.length} created, ${updated} updated, ${unchanged} unchanged`,
  });
  return {
    ok: true,
    created: newRows.map((r) => ({ name: `${r.form.firstName} ${r.form.lastName}`, email: r.form.email })),
    updated,
    unchanged,
  };
}

function writeOf(row: RosterRow) {
  return {
    firstName: row.form.firstName,
    lastName: row.form.lastName,
    employmentType: row.form.employmentType,
    hourlyRateCents: row.form.hourlyRate,
    minWeeklyMinutes: Math.round(row.form.minWeeklyHours * 60),
    targetWeeklyMinutes: Math.round(row.form.targetWeeklyHours * 60),
    maxWeeklyMinutes: Math.round(row.form.maxWeeklyHours * 60),
    phone: row.form.phone,
  };
}

function sameAsStored(
  staff: {
    firstName: string;
    lastName: string;
    employmentType: string;
    hourlyRateCents: number;
    minWeeklyMinutes: number;
    targetWeeklyMinutes: number;
    maxWeeklyMinutes: number;
    phone: string | null;
    active: boolean;
    user: { role: string } | null;
    positions: { positionId: number }[];
  },
  row: RosterRow,
): boolean {
  const w = writeOf(row);
  const storedPositions = staff.positions
    .map((p) => p.positionId)
    .sort((a, b) => a - b)
    .join(',');
  return (
    staff.firstName === w.firstName &&
    staff.lastName === w.lastName &&
    staff.employmentType === w.employmentType &&
    staff.hourlyRateCents === w.hourlyRateCents &&
    staff.minWeeklyMinutes === w.minWeeklyMinutes &&
    staff.targetWeeklyMinutes === w.targetWeeklyMinutes &&
    staff.maxWeeklyMinutes === w.maxWeeklyMinutes &&
    staff.phone === w.phone &&
    staff.active === row.active &&
    staff.user?.role === row.form.role &&
    storedPositions === [...row.positionIds].sort((a, b) => a - b).join(',')
  );
}

/** The roster as CSV, in the same columns the import reads. */
export async function exportRoster(db: Db, actor: CurrentUser): Promise<string> {
  const site = await getSiteForUser(db, actor);
  const staff = await repo.loadRosterForExport(db, site.id);
  const rows = staff.map((s) => {
    const row: Record<Column, string> = {
      email: s.user?.email ?? '',
      first_name: s.firstName,
      last_name: s.lastName,
      role: s.user?.role ?? '',
      employment_type: s.employmentType,
      hourly_rate: (s.hourlyRateCents / 100).toFixed(2),
      min_weekly_hours: String(s.minWeeklyMinutes / 60),
      target_weekly_hours: String(s.targetWeeklyMinutes / 60),
      max_weekly_hours: String(s.maxWeeklyMinutes / 60),
      phone: s.phone ?? '',
      positions: s.positions.map((p) => p.position.code).join(';'),
      active: s.active ? 'yes' : 'no',
    };
    return ROSTER_COLUMNS.map((c) => row[c]);
  });
  return toCsv(ROSTER_COLUMNS, rows);
}

/** Undoes the CSV writer's formula apostrophe (server/lib/csv.ts) so an exported file imports back unchanged. */
function unescapeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
