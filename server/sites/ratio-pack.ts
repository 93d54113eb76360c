// Which technician-ratio rule pack a site follows — chosen by its state and kind of pharmacy — and
// the words the settings page shows for it. Pure; the packs are data in solver/core/ratio-packs.ts.
import { describePack, statePack, type RatioPack } from '../../solver/core/ratio-packs';
import { RATIO_CERTIFICATION_WORDS } from '../credentials/qualification';

interface SiteRatioFacts {
  usState: string;
  setting: 'COMMUNITY' | 'HOSPITAL';
  techRatio: number | null;
}

/** The state's pack for the site's kind of pharmacy, or null where there is none. */
export function sitePack(site: Pick<SiteRatioFacts, 'usState' | 'setting'>): RatioPack | null {
  return statePack(site.usState, site.setting === 'HOSPITAL' ? 'hospital' : 'community');
}

/** The rule in force, in words: the pack and what it says, or why the site's own number applies. */
export function ratioRuleWords(site: SiteRatioFacts): { heading: string; summary: string } {
  const pack = sitePack(site);
  const kind = site.setting === 'HOSPITAL' ? 'hospital' : 'community';
  if (!pack) {
    return {
      heading: `Technician ratio: no rule pack for ${site.usState}`,
      summary:
        site.techRatio === null
          ? 'RxRoster has no rule pack for this state and no technicians-per-pharmacist number is set below: schedules have no technician ratio.'
          : `RxRoster has no rule pack for this state: the technicians-per-pharmacist number below (${site.techRatio}) is the ratio.`,
    };
  }
  const certified =
    pack.shape.kind === 'certified'
      ? ` A certified technician holds a valid ${RATIO_CERTIFICATION_WORDS} on every day of the shift.`
      : '';
  const own =
    site.techRatio === null
      ? ''
      : ` This site also allows at most ${site.techRatio} per pharmacist (the number below), whichever is stricter.`;
  return {
    heading: `Technician ratio: ${pack.name} rule pack (${site.usState}, ${kind} pharmacy)`,
    summary: `${describePack(pack)}${certified}${own}`,
  };
}
