// Imports from the pharmacy system onto the boards (issue 15): rejected claims make or update
// billing issues (matched on Rx number + date of service + BIN), a credit report records the
// credit of vendor returns (matched on RA number). Each file is imported whole or not at all,
// with errors by line, and importing it twice changes nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { freezeClock, post } from './boards-helpers';

let t: TestApp;
let lead: Agent;
beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  lead = await t.signInAs('LEAD');
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const CLAIMS = '/boards/billing-issues/import';
const CREDITS = '/boards/vendor-returns/import';

function summaryOf(html: string): string {
  const m = /data-testid="import-summary"[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(html);
  return (m?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function errorsOf(html: string): string[] {
  const block = /data-testid="import-errors"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!.replaceAll('&#34;', '"'));
}

async function claimsState() {
  return t.db.billingIssue.findMany({
    where: { rxNumber: { startsWith: '72' } },
    select: {
      rxNumber: true,
      rejectCode: true,
      amountCents: true,
      pcn: true,
      payerName: true,
      task: { select: { status: true, version: true } },
    },
    orderBy: { rxNumber: 'asc' },
  });
}

describe('rejected claims', () => {
  it('updates the matching card, creates the others, and changes nothing the second time', async () => {
    const made = await post(
      lead,
      '/boards/billing-issues',
      {
        title: 'Rx 7200001 — PA required',
        priority: 'NORMAL',
        rxNumber: '7200001',
        dateOfService: '2026-11-20',
        payerName: 'Express Scripts',
        bin: '003858',
        pcn: 'A4',
        rejectCode: '75',
        amount: '120.00',
      },
      '/boards/billing-issues/new',
    );
    const id = Number(/\/tasks\/(\d+)/.exec(made.headers.location ?? '')![1]);
    const csv = [
      'Rx Number,Date of service,BIN,PCN,Reject code,Amount,Payer',
      '7200001,2026-11-20,003858,A4,70,120.00,',
      '7200002,2026-11-21,004336,ADV,79,$42.15,CVS Caremark',
      // Same Rx number, another date of service: another claim.
      '7200001,2026-11-23,003858,A4,88,12.5,Express Scripts',
    ].join('\n');
    const first = await post(lead, CLAIMS, { csv }, CLAIMS);
    expect(first.status).toBe(200);
    expect(summaryOf(first.text)).toBe('2 created · 1 updated · 0 unchanged');
    expect(first.text).toContain(`Line 2: <a href="/tasks/${id}">Rx 7200001 — PA required</a>`);
    const after = await claimsState();
    expect(after).toEqual([
      {
        rxNumber: '7200001',
        rejectCode: '70',
        amountCents: 12000,
        pcn: 'A4',
        payerName: 'Express Scripts',
        task: { status: 'NEW', version: 2 },
      },
      {
        rxNumber: '7200001',
        rejectCode: '88',
        amountCents: 1250,
        pcn: 'A4',
        payerName: 'Express Scripts',
        task: { status: 'NEW', version: 1 },
      },
      {
        rxNumber: '7200002',
        rejectCode: '79',
        amountCents: 4215,
        pcn: 'ADV',
        payerName: 'CVS Caremark',
        task: { status: 'NEW', version: 1 },
      },
    ]);
    const events = await t.db.taskEvent.findMany({ where: { taskId: id, kind: 'FIELD' } });
    expect(events.map((e) => [e.field, e.fromValue, e.toValue])).toEqual([['rejectCode', '75', '70']]);

    const second = await post(lead, CLAIMS, { csv }, CLAIMS);
    expect(summaryOf(second.text)).toBe('0 created · 0 updated · 3 unchanged');
    expect(await claimsState()).toEqual(after);
    const audit = await t.db.auditLog.findMany({
      where: { action: 'board.import_claims' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.detail)).toEqual([
      '3 claims: 2 created, 1 updated, 0 unchanged',
      '3 claims: 0 created, 0 updated, 3 unchanged',
    ]);
  });

  it('imports nothing when a line is wrong, naming each line', async () => {
    const before = await claimsState();
    const csv = [
      'rx_number,date_of_service,bin,pcn,reject_code,amount',
      '7200009,2026-11-22,610014,,75,10.00',
      '7200010,2026-11-31,61001,,75,10.00',
      '7200009,2026-11-22,610014,X,70,11.00',
      '7200011,2026-11-22,610014,,TOOLONG,abc',
      '7200012,2026-11-22',
    ].join('\n');
    const res = await post(lead, CLAIMS, { csv }, CLAIMS);
    expect(res.status).toBe(400);
    expect(errorsOf(res.text)).toEqual([
      'Line 3: Date_of_service “2026-11-31” is not a date written YYYY-MM-DD; bin “61001”: A BIN is exactly 6 digits, e.g. 610014.',
      'Line 4: The same claim (Rx number, date of service and BIN) is already on line 2.',
      'Line 5: Reject_code “TOOLONG” is not an NCPDP reject code (1 to 3 letters or digits); amount “abc”: Enter an amount in dollars and cents, e.g. 125.50.',
      'Line 6: Expected 6 fields, found 2.',
    ]);
    expect(res.text).toContain('7200012,2026-11-22</textarea>');
    expect(await claimsState()).toEqual(before);
    const header = await post(lead, CLAIMS, { csv: 'rx,amount\n1,2' }, CLAIMS);
    expect(errorsOf(header.text)).toEqual([
      'Line 1: Unknown column “rx”: the columns are rx_number, date_of_service, bin, pcn, reject_code, amount, payer.',
    ]);
  });
});

describe('credit report', () => {
  async function vendorReturn(raNumber: string | null, status: string, ndc = '00002322730'): Promise<number> {
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const task = await t.db.task.create({
      data: {
        siteId: site.id,
        board: 'VENDOR_RETURN',
        status,
        title: `Return ${raNumber ?? 'without RA'} (${ndc})`,
        vendorReturn: {
          create: {
            vendor: 'Inmar',
            drugName: 'Amoxicillin 500 mg',
            ndc,
            lot: 'L1',
            expiryDate: '2026-10-31',
            quantity: 100,
            reason: 'EXPIRED',
            raNumber,
            expectedCreditCents: 8000,
            shippedOn: status === 'SHIPPED' ? '2026-11-10' : null,
          },
        },
      },
      select: { id: true },
    });
    return task.id;
  }

  async function returnState(ids: number[]) {
    return t.db.task.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        status: true,
        version: true,
        closedAt: true,
        vendorReturn: { select: { receivedCreditCents: true, zeroCreditReason: true } },
      },
      orderBy: { id: 'asc' },
    });
  }

  it('refuses the whole file over one bad line, then records the credits once', async () => {
    const a = await vendorReturn('RA-5001', 'SHIPPED');
    const packed = await vendorReturn('RA-5002', 'PACKED');
    const zero = await vendorReturn('RA-5003', 'SHIPPED');
    const twinA = await vendorReturn('RA-5004', 'DISPUTED', '00002322730');
    const twinB = await vendorReturn('RA-5004', 'SHIPPED', '00093415201');
    const ids = [a, packed, zero, twinA, twinB];
    const before = await returnState(ids);

    const bad = [
      'ra_number,ndc,credit,reason',
      'RA-5001,,75.40,',
      'RA-5002,,10.00,',
      'RA-9999,,5.00,',
      'RA-5003,,0,',
      'RA-5004,,1.00,',
      'RA-5001,,12.x,',
    ].join('\n');
    const refused = await post(lead, CREDITS, { csv: bad }, CREDITS);
    expect(refused.status).toBe(400);
    expect(errorsOf(refused.text)).toEqual([
      'Line 7: Credit “12.x”: Enter an amount in dollars and cents, e.g. 125.50.',
    ]);
    const refusedAgain = await post(lead, CREDITS, { csv: bad.split('\n').slice(0, 6).join('\n') }, CREDITS);
    expect(errorsOf(refusedAgain.text)).toEqual([
      `Line 3: Return #${packed} (Return RA-5002 (00002322730)) is still Packed: record its shipment before its credit.`,
      `Line 5: A zero credit for return #${zero} needs its reason (the reason column).`,
      `Line 6: RA RA-5004 is on 2 returns (#${twinA}, #${twinB}): add the ndc column to say which one.`,
    ]);
    expect(await returnState(ids)).toEqual(before);

    const good = [
      'RA number,NDC,Credit,Reason',
      'ra-5001,,75.40,',
      'RA-9999,,5.00,',
      'RA-5003,,0,Expired beyond the return policy',
      'RA-5004,00093-4152-01,31.00,',
    ].join('\n');
    const first = await post(lead, CREDITS, { csv: good }, CREDITS);
    expect(first.status).toBe(200);
    expect(summaryOf(first.text)).toBe('0 created · 3 updated · 0 unchanged · 1 matched no card');
    expect(first.text).toContain('Line 3: RA RA-9999');
    const after = await returnState(ids);
    expect(after.map((r) => [r.id, r.status, r.version, r.closedAt !== null, r.vendorReturn])).toEqual([
      [a, 'CREDIT_RECEIVED', 2, true, { receivedCreditCents: 7540, zeroCreditReason: null }],
      [packed, 'PACKED', 1, false, { receivedCreditCents: null, zeroCreditReason: null }],
      [
        zero,
        'CREDIT_RECEIVED',
        2,
        true,
        { receivedCreditCents: 0, zeroCreditReason: 'Expired beyond the return policy' },
      ],
      [twinA, 'DISPUTED', 1, false, { receivedCreditCents: null, zeroCreditReason: null }],
      [twinB, 'CREDIT_RECEIVED', 2, true, { receivedCreditCents: 3100, zeroCreditReason: null }],
    ]);
    const moves = await t.db.taskEvent.findMany({ where: { taskId: a }, orderBy: { id: 'asc' } });
    expect(moves.map((e) => [e.kind, e.field, e.fromValue, e.toValue])).toEqual([
      ['FIELD', 'receivedCreditCents', null, '7540'],
      ['STATUS', 'status', 'SHIPPED', 'CREDIT_RECEIVED'],
    ]);

    const second = await post(lead, CREDITS, { csv: good }, CREDITS);
    expect(summaryOf(second.text)).toBe('0 created · 0 updated · 3 unchanged · 1 matched no card');
    expect(await returnState(ids)).toEqual(after);
    expect(await t.db.auditLog.count({ where: { action: 'board.import_credits' } })).toBe(2);
  });

  it('is for leads and managers only', async () => {
    const staff = await t.signInAs('STAFF');
    expect((await staff.get(CREDITS)).status).toBe(403);
    expect((await staff.get(CLAIMS)).status).toBe(403);
  });
});
