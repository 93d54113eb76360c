import { DateTime } from 'luxon';

/** Formatting used by templates; everything returns plain text that EJS then escapes. */
export const viewHelpers = {
  /** 12345 → "$123.45" */
  money(cents: number | null | undefined): string {
    if (cents === null || cents === undefined) return '—';
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  },
  /** Minutes from midnight → "07:30"; 1440 → "24:00". */
  clock(minutes: number): string {
    const m = ((minutes % 1440) + 1440) % 1440;
    const shown =
      minutes === 1440
        ? '24:00'
        : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return shown;
  },
  /** "2026-11-30" → "Mon 30 Nov 2026" */
  day(isoDate: string | null | undefined): string {
    if (!isoDate) return '—';
    const d = DateTime.fromISO(isoDate);
    return d.isValid ? d.toFormat('ccc d LLL yyyy') : isoDate;
  },
  /** "2026-11-30" → "Mon 30 Nov" */
  shortDay(isoDate: string): string {
    const d = DateTime.fromISO(isoDate);
    return d.isValid ? d.toFormat('ccc d LLL') : isoDate;
  },
  /** An instant shown in a zone: "30 Nov 2026, 14:05". */
  instant(value: Date | null | undefined, zone: string): string {
    if (!value) return '—';
    return DateTime.fromJSDate(value, { zone }).toFormat('d LLL yyyy, HH:mm');
  },
  hours(minutes: number): string {
    const h = minutes / 60;
    return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
  },
  /** CONSTANT_CASE → "Constant case" for enum values shown to people. */
  label(value: string | null | undefined): string {
    if (!value) return '—';
    const s = value.toLowerCase().replace(/_/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  /** The address of another page of a list, with the list's filters kept (empty ones left out). */
  pageHref(
    path: string,
    query: Record<string, string | number | undefined>,
    page: number,
    param = 'page',
  ): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (name !== param && value !== undefined && value !== '') params.set(name, String(value));
    }
    if (page > 1) params.set(param, String(page));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  },
  /** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
  ordinal(n: number): string {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return `${n}${suffix}`;
  },
  plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
  },
};

export type ViewHelpers = typeof viewHelpers;
