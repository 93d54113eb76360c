import { IANAZone } from 'luxon';
import { z } from 'zod';
import {
  SITE_SETTINGS,
  US_STATES,
  type ChoiceSetting,
  type NumberSetting,
  type SiteSetting,
  type SiteSettingValues,
} from './site-rules';

/** One number setting as typed: a whole number in range, or hours to the minute; blank where optional. */
function numberField(setting: NumberSetting) {
  const { subject, min, max } = setting;
  const mustBe = setting.hours ? 'a number of hours' : 'a whole number';
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = (raw ?? '').trim();
      if (text === '') {
        if (setting.optional) return null;
        ctx.addIssue({ code: 'custom', message: `${subject} is required.` });
        return z.NEVER;
      }
      const pattern = setting.hours ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
      const value = Number(text);
      if (!pattern.test(text) || !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `${subject} must be ${mustBe}.` });
        return z.NEVER;
      }
      if (value < 0) {
        ctx.addIssue({ code: 'custom', message: `${subject} cannot be negative.` });
        return z.NEVER;
      }
      if (value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${subject} must be between ${min} and ${max}.` });
        return z.NEVER;
      }
      if (!setting.hours) return value;
      const minutes = value * 60;
      if (!Number.isInteger(Math.round(minutes * 1e6) / 1e6)) {
        ctx.addIssue({ code: 'custom', message: `${subject} must be whole minutes (e.g. 10.5 hours).` });
        return z.NEVER;
      }
      return Math.round(minutes);
    });
}

/** One of the setting's options. */
function choiceField(setting: ChoiceSetting) {
  const values = setting.options.map((o) => o.value);
  return z
    .string({ message: `Pick ${setting.subject.toLowerCase()}.` })
    .refine((v) => (values as string[]).includes(v), `Pick ${setting.subject.toLowerCase()} from the list.`);
}

/** A checkbox: present (any value) is on, absent is off. */
const checkbox = z
  .string()
  .optional()
  .transform((v) => v !== undefined);

/**
 * The site settings form: every rule and weight of SITE_SETTINGS, each validated against its own
 * range and stored unit (hours typed, minutes stored).
 */
export const SiteSettingsForm = z
  .object(
    Object.fromEntries(
      SITE_SETTINGS.map((s: SiteSetting) => [
        s.column,
        s.kind === 'boolean' ? checkbox : s.kind === 'choice' ? choiceField(s) : numberField(s),
      ]),
    ),
  )
  .transform((values) => values as SiteSettingValues);

/** The add-a-site form: a name, an IANA time zone (stored in its canonical spelling) and a state. */
export const NewSiteForm = z.object({
  name: z
    .string({ message: 'Enter the site’s name.' })
    .trim()
    .min(1, 'Enter the site’s name.')
    .max(100, 'The name can be at most 100 characters.'),
  timeZone: z
    .string({ message: 'Enter a time zone such as America/Chicago.' })
    .trim()
    .refine(
      (zone) => zone.includes('/') && IANAZone.isValidZone(zone),
      'Enter a time zone such as America/Chicago (a region/city name from the IANA list).',
    )
    .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone),
  usState: z.enum(US_STATES, { message: 'Pick the state whose pharmacy board the site follows.' }),
});
export type NewSiteValues = z.infer<typeof NewSiteForm>;
