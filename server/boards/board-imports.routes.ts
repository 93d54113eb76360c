// Imports from the pharmacy system onto the boards: rejected claims (billing issues) and a reverse
// distributor's credit report (vendor returns). Each page shows the columns, then the errors by
// line (nothing imported) or what was created, updated and left unchanged.
import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { formFields } from '../http/forms';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { CLAIM_COLUMNS, CREDIT_COLUMNS, MAX_IMPORT_ROWS } from './board-imports';
import { importClaims, importCredits, type ImportOutcome } from './board-imports.service';

/** What differs between the two imports. */
const IMPORTS = {
  claims: {
    path: '/boards/billing-issues/import',
    title: 'Import rejected claims',
    boardPath: '/boards/billing-issues',
    boardTitle: 'Billing issues',
    columns: CLAIM_COLUMNS,
    required: 'rx_number, date_of_service (YYYY-MM-DD), bin, reject_code and amount',
    about:
      'One row per rejected claim, as the pharmacy system exports them. A row matches the billing issue with the same Rx number, date of service and BIN: its reject code, amount, PCN and payer are brought up to date. Otherwise a new card is made in New; without a payer column it is named after the payer set for its BIN.',
  },
  credits: {
    path: '/boards/vendor-returns/import',
    title: 'Import a credit report',
    boardPath: '/boards/vendor-returns',
    boardTitle: 'Vendor returns',
    columns: CREDIT_COLUMNS,
    required: 'ra_number and credit',
    about:
      'One row per credited return, from the reverse distributor’s credit report. A row matches the return with its RA number (and its NDC, when one RA covers several returns): the credit is recorded and a shipped or disputed return moves to Credit received. A zero credit needs its reason. Rows whose RA number is on no card are listed and left alone.',
  },
} as const;
type ImportKind = keyof typeof IMPORTS;

export function boardImportRoutes({ db }: AppDeps): RouteDef[] {
  function render(res: Response, kind: ImportKind, csv: string, outcome: ImportOutcome | null) {
    res.status(outcome && !outcome.ok ? 400 : 200).render('boards/import', {
      ...IMPORTS[kind],
      maxRows: MAX_IMPORT_ROWS,
      csv,
      errors: outcome && !outcome.ok ? outcome.errors : [],
      summary: outcome?.ok ? outcome.summary : null,
    });
  }

  /** GET /boards/billing-issues/import and /boards/vendor-returns/import — paste or choose the CSV */
  function getBoardImport(kind: ImportKind) {
    return async (_req: Request, res: Response, _user: CurrentUser) => {
      render(res, kind, '', null);
    };
  }

  /** POST /boards/billing-issues/import and /boards/vendor-returns/import — imports every row or none; shows the summary */
  function postBoardImport(kind: ImportKind) {
    return async (req: Request, res: Response, user: CurrentUser) => {
      const csv = formFields(req.body).csv ?? '';
      const outcome =
        kind === 'claims' ? await importClaims(db, user, csv) : await importCredits(db, user, csv);
      // The summary is shown at once; posting it again changes nothing, as the import is idempotent.
      render(res, kind, outcome.ok ? '' : csv, outcome);
    };
  }

  return (Object.keys(IMPORTS) as ImportKind[]).flatMap((kind): RouteDef[] => [
    { method: 'get', path: IMPORTS[kind].path, access: 'LEAD', handler: getBoardImport(kind) },
    { method: 'post', path: IMPORTS[kind].path, access: 'LEAD', handler: postBoardImport(kind) },
  ]);
}
