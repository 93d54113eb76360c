// The float-sites form: one checkbox per site, named `site_<id>`.
import { isIdText } from '../lib/schemas';

/** The ids of the checked sites. */
export function floatSiteIdsFrom(fields: Record<string, string>): number[] {
  return Object.keys(fields)
    .map((k) => /^site_(\d+)$/.exec(k)?.[1])
    .filter((id): id is string => id !== undefined && isIdText(id) && fields[`site_${id}`] !== '')
    .map(Number);
}
