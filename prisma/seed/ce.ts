// Titles and providers the demo CE credits are drawn from.
import type { CeTopic } from '../../generated/prisma/enums';
export const CE_TITLES: Record<CeTopic, readonly string[]> = {
  LAW: [
    'Federal pharmacy law update: DEA controlled-substance rules',
    'DSCSA product-tracing requirements for pharmacy staff',
    'State pharmacy practice act review',
  ],
  PATIENT_SAFETY: [
    'Preventing look-alike/sound-alike medication errors',
    'High-alert medications: insulin and anticoagulant safety',
    'Root-cause analysis of dispensing errors',
  ],
  STERILE_COMPOUNDING: [
    'USP <797> update: garbing, hand hygiene and beyond-use dates',
    'Aseptic technique refresher and media-fill testing',
  ],
  GENERAL: [
    'Immunization update for pharmacy teams',
    'GLP-1 receptor agonists: an overview',
    'Biosimilars and interchangeability',
    'Oncology supportive care basics',
    'Managing drug shortages and inventory',
    'Opioid stewardship and naloxone',
    'Medicare Part D billing essentials',
    'Anticoagulation management update',
  ],
  OTHER: ['Pharmacy informatics and automation'],
};

export const CE_PROVIDERS = [
  'Power-Pak C.E.',
  'Pharmacy Times Continuing Education',
  'ASHP',
  'FreeCE',
  'RxCe',
] as const;
