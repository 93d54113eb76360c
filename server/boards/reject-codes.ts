// The NCPDP reject codes (Telecommunication Standard, field 511-FB) most often seen at the
// counter, with what each means and what to do: the billing board offers them and names them.

export interface RejectCodeDef {
  code: string;
  meaning: string;
  /** Usual next step, shown as a hint on the billing board. */
  hint: string;
}

export const NCPDP_REJECT_CODES: readonly RejectCodeDef[] = [
  { code: '06', meaning: 'M/I Group ID', hint: 'Check the group number on the insurance card.' },
  { code: '07', meaning: 'M/I Cardholder ID', hint: 'Verify the member ID with the patient or payer.' },
  {
    code: '08',
    meaning: 'M/I Person Code',
    hint: 'Confirm the person code (e.g. 01 cardholder, 02 spouse).',
  },
  { code: '09', meaning: 'M/I Date of Birth', hint: 'Confirm the date of birth on file with the plan.' },
  { code: '15', meaning: 'M/I Date of Service', hint: 'Correct the fill date and resubmit.' },
  { code: '19', meaning: 'M/I Days Supply', hint: 'Recalculate days supply from quantity and directions.' },
  { code: '21', meaning: 'M/I Product/Service ID', hint: 'Check the NDC submitted.' },
  { code: '25', meaning: 'M/I Prescriber ID', hint: 'Submit the prescriber’s NPI; confirm it is active.' },
  {
    code: '40',
    meaning: 'Pharmacy Not Contracted With Plan On Date Of Service',
    hint: 'Check network status; refer the patient or bill cash.',
  },
  {
    code: '41',
    meaning: 'Submit Bill To Other Processor Or Primary Payer',
    hint: 'Coordination of benefits: bill the primary plan first.',
  },
  {
    code: '52',
    meaning: 'Non-Matched Cardholder ID',
    hint: 'Member ID does not match the payer’s records; re-verify eligibility.',
  },
  {
    code: '65',
    meaning: 'Patient Is Not Covered',
    hint: 'Run an eligibility check; ask for current coverage.',
  },
  {
    code: '69',
    meaning: 'Filled After Coverage Terminated',
    hint: 'Coverage ended before the date of service; find new coverage.',
  },
  {
    code: '70',
    meaning: 'Product/Service Not Covered – Plan/Benefit Exclusion',
    hint: 'Ask the prescriber for a covered alternative or request an exception.',
  },
  {
    code: '75',
    meaning: 'Prior Authorization Required',
    hint: 'Send a PA request to the prescriber; wait for the payer’s decision.',
  },
  {
    code: '76',
    meaning: 'Plan Limitations Exceeded',
    hint: 'Quantity or days-supply limit: adjust quantity or request an override.',
  },
  {
    code: '79',
    meaning: 'Refill Too Soon',
    hint: 'Check the next fill date; call the payer for a vacation or dose-change override.',
  },
  {
    code: '83',
    meaning: 'Duplicate Paid/Captured Claim',
    hint: 'A paid claim already exists; reverse it before resubmitting.',
  },
  { code: '85', meaning: 'Claim Not Processed', hint: 'Resubmit; call the help desk if it repeats.' },
  {
    code: '88',
    meaning: 'DUR Reject Error',
    hint: 'Review the DUR conflict; resubmit with DUR/PPS codes after pharmacist review.',
  },
  {
    code: '92',
    meaning: 'System Unavailable/Host Unavailable/Processing Host Did Not Accept Transaction',
    hint: 'Payer system down: retry later.',
  },
  {
    code: '99',
    meaning: 'Host Processing Error',
    hint: 'Do not resubmit repeatedly; contact the payer help desk.',
  },
  {
    code: 'MR',
    meaning: 'Product Not On Formulary',
    hint: 'Ask the prescriber for a formulary alternative or a formulary exception.',
  },
];

export function rejectCodeMeaning(code: string): string | undefined {
  return NCPDP_REJECT_CODES.find((r) => r.code === code.toUpperCase())?.meaning;
}

/** The reject codes as the billing forms offer them. */
export const rejectCodeOptions = NCPDP_REJECT_CODES.map((r) => ({
  code: r.code,
  label: `${r.code} — ${r.meaning}`,
  hint: r.hint,
}));
