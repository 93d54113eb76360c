// Every rule and weight of a site as data: the settings form, its schema, the audit entry and the
// README are all read from this one list, so a setting cannot be saved without a label, a default
// and a sentence on what it does. Defaults mirror prisma/schema.prisma (a test checks they agree).

/** The Site columns the settings page edits. */
export type SiteSettingColumn =
  | 'setting'
  | 'techRatio'
  | 'minRestMinutes'
  | 'maxConsecutiveDays'
  | 'overtimeThresholdMinutes'
  | 'noticeWindowDays'
  | 'weightCoverageGap'
  | 'weightUnderMinHours'
  | 'weightTargetDeviation'
  | 'weightUndesiredShift'
  | 'weightNonPreferredShift'
  | 'weightWeekendFairness'
  | 'weightLabourCost'
  | 'weightStability'
  | 'weightNoticeChange'
  | 'teamScheduleVisible';

export type PharmacySettingValue = 'COMMUNITY' | 'HOSPITAL';

export type SiteSettingValues = {
  setting: PharmacySettingValue;
  techRatio: number | null;
  teamScheduleVisible: boolean;
} & Record<Exclude<SiteSettingColumn, 'setting' | 'techRatio' | 'teamScheduleVisible'>, number>;

interface BaseSetting {
  column: SiteSettingColumn;
  /** Label on the form. */
  label: string;
  /** The setting as the subject of an error message, e.g. "The notice window". */
  subject: string;
  /** Words in the audit entry, e.g. "notice window 14 → 3 days". */
  auditLabel: string;
  /** One sentence on what the setting does. */
  help: string;
  group: 'rules' | 'weights' | 'sharing';
}

export interface NumberSetting extends BaseSetting {
  kind: 'number';
  /** The stored value is in minutes but the form speaks hours (60 → 1). */
  hours?: boolean;
  /** Blank is allowed and stored as null ("no limit"). */
  optional?: boolean;
  min: number;
  max: number;
  /** Unit after the value in the audit entry, e.g. " days". */
  auditUnit: string;
  /** Stored default (minutes for hour settings); null for an optional setting with no default. */
  defaultValue: number | null;
}

export interface BooleanSetting extends BaseSetting {
  kind: 'boolean';
  defaultValue: boolean;
}

/** One of a few named values, shown as a list. */
export interface ChoiceSetting extends BaseSetting {
  kind: 'choice';
  options: ReadonlyArray<{ value: PharmacySettingValue; label: string }>;
  defaultValue: PharmacySettingValue;
}

export type SiteSetting = NumberSetting | BooleanSetting | ChoiceSetting;

const weight = (
  column: SiteSettingColumn,
  label: string,
  subject: string,
  auditLabel: string,
  defaultValue: number,
  help: string,
): NumberSetting => ({
  kind: 'number',
  column,
  label,
  subject,
  auditLabel,
  auditUnit: '',
  defaultValue,
  min: 0,
  max: 100_000,
  help,
  group: 'weights',
});

/** The site's settings, in the order the form shows them. */
export const SITE_SETTINGS: readonly SiteSetting[] = [
  {
    kind: 'choice',
    column: 'setting',
    label: 'Kind of pharmacy',
    subject: 'The kind of pharmacy',
    auditLabel: 'kind of pharmacy',
    options: [
      { value: 'COMMUNITY', label: 'Community' },
      { value: 'HOSPITAL', label: 'Hospital' },
    ],
    defaultValue: 'COMMUNITY',
    help: 'With the state it chooses the technician-ratio rule pack, where a state has different ratios for hospital and community pharmacies.',
    group: 'rules',
  },
  {
    kind: 'number',
    column: 'techRatio',
    label: 'Technicians per pharmacist',
    subject: 'The number of technicians per pharmacist',
    auditLabel: 'technicians per pharmacist',
    auditUnit: '',
    optional: true,
    defaultValue: null,
    min: 1,
    max: 10,
    help: 'At every moment, technicians on duty may not outnumber pharmacists on duty by more than this. Where the state has a rule pack (above), the pack applies and this is a stricter company limit on top of it, blank for none; elsewhere it is the ratio, blank where the state sets none.',
    group: 'rules',
  },
  {
    kind: 'number',
    column: 'minRestMinutes',
    label: 'Minimum rest between shifts (hours)',
    subject: 'The minimum rest',
    auditLabel: 'minimum rest',
    auditUnit: ' h',
    hours: true,
    defaultValue: 600,
    min: 0,
    max: 48,
    help: 'Nobody is scheduled to start a shift sooner than this after their last one ended.',
    group: 'rules',
  },
  {
    kind: 'number',
    column: 'maxConsecutiveDays',
    label: 'Most days in a row',
    subject: 'The most days in a row',
    auditLabel: 'most days in a row',
    auditUnit: ' days',
    defaultValue: 6,
    min: 1,
    max: 14,
    help: 'Nobody is scheduled to work more days in a row than this, counting the published weeks before.',
    group: 'rules',
  },
  {
    kind: 'number',
    column: 'overtimeThresholdMinutes',
    label: 'Overtime after (hours a week)',
    subject: 'The overtime threshold',
    auditLabel: 'overtime after',
    auditUnit: ' h',
    hours: true,
    defaultValue: 2400,
    min: 1,
    max: 168,
    help: 'Paid hours in a week above this are costed as overtime.',
    group: 'rules',
  },
  {
    kind: 'number',
    column: 'noticeWindowDays',
    label: 'Notice window (days)',
    subject: 'The notice window',
    auditLabel: 'notice window',
    auditUnit: ' days',
    defaultValue: 14,
    min: 0,
    max: 90,
    help: 'A change to the published schedule for a shift starting within this many days is listed apart and costs the extra amount below; 0 turns it off.',
    group: 'rules',
  },
  weight(
    'weightCoverageGap',
    'Cost of an unfilled slot',
    'The cost of an unfilled slot',
    'cost of an unfilled slot',
    1000,
    'What one position left empty on a shift costs the optimiser; keep it far above the others so coverage comes first.',
  ),
  weight(
    'weightUnderMinHours',
    'Cost per hour under someone’s minimum',
    'The cost per hour under a minimum',
    'cost per hour under the minimum',
    20,
    'What each hour a person is scheduled below their weekly minimum costs.',
  ),
  weight(
    'weightTargetDeviation',
    'Cost per hour away from someone’s target',
    'The cost per hour away from a target',
    'cost per hour away from the target',
    2,
    'What each hour above or below a person’s weekly target costs.',
  ),
  weight(
    'weightUndesiredShift',
    'Cost of a shift someone would rather not work',
    'The cost of an unwanted shift',
    'cost of an unwanted shift',
    10,
    'What giving a person a shift they marked as unwanted costs.',
  ),
  weight(
    'weightNonPreferredShift',
    'Cost of a shift outside someone’s preferences',
    'The cost of a shift outside preferences',
    'cost of a shift outside preferences',
    1,
    'What giving a person a shift other than the ones they prefer costs, so preferred shifts win a tie.',
  ),
  weight(
    'weightWeekendFairness',
    'Cost per weekend shift above the fair share',
    'The cost per extra weekend shift',
    'cost per weekend shift above the fair share',
    5,
    'What each weekend shift a person works above an even share costs, so weekends are spread out.',
  ),
  weight(
    'weightLabourCost',
    'Cost per $100 of wages',
    'The cost per $100 of wages',
    'cost per $100 of wages',
    1,
    'How much the wage bill counts; 0 ignores pay rates.',
  ),
  weight(
    'weightStability',
    'Cost of a change to the published schedule',
    'The cost of a change',
    'cost per change',
    50,
    'What moving, adding or removing a published assignment costs when a week is re-solved.',
  ),
  weight(
    'weightNoticeChange',
    'Extra cost of a change inside the notice window',
    'The cost of a change inside the notice window',
    'cost per change inside it',
    200,
    'Added to the cost of a change for a shift inside the notice window, so re-solving prefers changes further out.',
  ),
  {
    kind: 'boolean',
    column: 'teamScheduleVisible',
    label: 'Staff may see the whole team’s published schedule',
    subject: 'Team schedule sharing',
    auditLabel: 'team schedule shared',
    defaultValue: true,
    help: 'When on, everyone can open the team schedule (read-only); when off, staff see only their own shifts.',
    group: 'sharing',
  },
];

/** A stored value as the form shows it ('' for none, hours for minute settings). */
export function formValueOf(setting: SiteSetting, value: number | boolean | string | null): string {
  if (setting.kind === 'choice') return String(value);
  if (setting.kind === 'boolean') return value ? 'on' : '';
  if (typeof value !== 'number') return '';
  return setting.hours ? formatHours(value) : String(value);
}

/** The default as the form states it, e.g. "10", "none" or "on". */
export function defaultTextOf(setting: SiteSetting): string {
  if (setting.kind === 'choice') return choiceLabel(setting, setting.defaultValue).toLowerCase();
  if (setting.kind === 'boolean') return setting.defaultValue ? 'on' : 'off';
  if (setting.defaultValue === null) return 'none';
  return setting.hours ? formatHours(setting.defaultValue) : String(setting.defaultValue);
}

/** "notice window 14 → 3 days; …" for each setting whose value changed; '' when none did. */
export function describeChanges(before: SiteSettingValues, after: SiteSettingValues): string {
  const parts: string[] = [];
  for (const setting of SITE_SETTINGS) {
    const a = before[setting.column];
    const b = after[setting.column];
    if (a === b) continue;
    if (setting.kind === 'choice') {
      parts.push(
        `${setting.auditLabel} ${choiceLabel(setting, a).toLowerCase()} → ${choiceLabel(setting, b).toLowerCase()}`,
      );
      continue;
    }
    if (setting.kind === 'boolean') {
      parts.push(`${setting.auditLabel} ${b ? 'on' : 'off'}`);
      continue;
    }
    const show = (v: number | boolean | string | null) =>
      typeof v !== 'number' ? 'none' : setting.hours ? formatHours(v) : String(v);
    parts.push(`${setting.auditLabel} ${show(a)} → ${show(b)}${setting.auditUnit}`);
  }
  return parts.join('; ');
}

/** The option's label, e.g. "Hospital"; the raw value if unknown. */
export function choiceLabel(setting: ChoiceSetting, value: unknown): string {
  return setting.options.find((o) => o.value === value)?.label ?? String(value);
}

function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

// prettier-ignore
/** Two-letter codes of the US states, DC and Puerto Rico: the boards whose rules a site follows. */
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA',
  'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM',
  'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA',
  'WA', 'WV', 'WI', 'WY',
] as const;
