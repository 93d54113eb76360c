// An instant's local day and time in a zone, fast: the boards turn hundreds of due instants into
// local days per request.
export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** e.g. "Thu 26 Nov", as luxon's `ccc d LLL` writes it */
  day: string;
  /** HH:mm */
  time: string;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant's local day and time in a zone. A board turns hundreds of instants into local days
 * per request; one cached Intl formatter per zone does it several times faster than a luxon
 * DateTime each (same output: en-US names, 24-hour clock).
 */
export function localParts(instant: Date, zone: string): LocalParts {
  // Cards share due instants (a due day is stored as one instant), so the answers are kept too.
  const key = `${zone}|${instant.getTime()}`;
  const known = knownParts.get(key);
  if (known) return known;
  if (knownParts.size >= KNOWN_PARTS_SIZE) knownParts.clear();
  const parts = formatLocalParts(instant, zone);
  knownParts.set(key, parts);
  return parts;
}

const KNOWN_PARTS_SIZE = 20_000;
const knownParts = new Map<string, LocalParts>();

function formatLocalParts(instant: Date, zone: string): LocalParts {
  let format = localFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localFormats.set(zone, format);
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(instant)) p[part.type] = part.value;
  const month = MONTHS.indexOf(p.month ?? '') + 1;
  return {
    date: `${p.year}-${String(month).padStart(2, '0')}-${(p.day ?? '').padStart(2, '0')}`,
    day: `${p.weekday} ${p.day} ${p.month}`,
    time: `${p.hour}:${p.minute}`,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
