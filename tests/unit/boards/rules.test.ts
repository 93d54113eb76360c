import { describe, expect, it } from 'vitest';

import type { Board } from '../../../generated/prisma/enums';
import {
  BOARD_FLOWS,
  ageBucket,
  buildAgeing,
  checkMove,
  daysBetween,
  fieldsNeededFor,
  flowRefusal,
  statusRequirements,
  type CardFacts,
  type VendorReturnFacts,
} from '../../../server/boards/rules';

const COMPLETE_RETURN: VendorReturnFacts = {
  raNumber: 'RA-1001',
  shippedOn: '2026-11-20',
  trackingNumber: '1Z999',
  scheduleII: false,
  deaForm222Number: null,
  receivedCreditCents: 4200,
  zeroCreditReason: null,
};
const EMPTY_RETURN: VendorReturnFacts = {
  raNumber: null,
  shippedOn: null,
  trackingNumber: null,
  scheduleII: false,
  deaForm222Number: null,
  receivedCreditCents: null,
  zeroCreditReason: null,
};

/** Facts that satisfy every status's requirements, so only the flow decides. */
const COMPLETE: Record<Board, CardFacts> = {
  VENDOR_RETURN: { board: 'VENDOR_RETURN', vendorReturn: COMPLETE_RETURN },
  BILLING_ISSUE: { board: 'BILLING_ISSUE', billingIssue: { outcome: 'Paid after PA approval' } },
  DAILY: { board: 'DAILY' },
};

describe('every transition of every board', () => {
  for (const board of Object.keys(BOARD_FLOWS) as Board[]) {
    const flow = BOARD_FLOWS[board];
    const codes = flow.statuses.map((s) => s.code);
    for (const from of codes) {
      for (const to of codes) {
        const allowed = (flow.transitions[from] ?? []).includes(to);
        it(`${board}: ${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const result = checkMove(COMPLETE[board], from, to);
          expect(result.ok).toBe(allowed);
          if (!result.ok) {
            expect(result.kind).toBe('flow');
            if (result.kind === 'flow') expect(result.allowed).toEqual(flow.transitions[from]);
          }
        });
      }
    }
  }

  it('names the allowed next steps when refusing', () => {
    expect(flowRefusal('VENDOR_RETURN', 'IDENTIFIED', 'SHIPPED')).toBe(
      'A vendor return in “Identified” cannot move to “Shipped”; it can move only to “Authorisation requested”.',
    );
    expect(flowRefusal('BILLING_ISSUE', 'RESUBMITTED', 'NEW')).toBe(
      'A billing issue in “Resubmitted” cannot move to “New”; it can move only to “Resolved (paid)”, “Investigating” or “Written off”.',
    );
  });

  it('says a finished card cannot move', () => {
    expect(flowRefusal('VENDOR_RETURN', 'CREDIT_RECEIVED', 'SHIPPED')).toMatch(/finished/);
  });

  it('refuses a status that does not exist on the board', () => {
    const result = checkMove(COMPLETE.DAILY, 'TODO', 'SHIPPED');
    expect(result).toMatchObject({
      ok: false,
      kind: 'flow',
      message: '“SHIPPED” is not a status on the daily task board.',
    });
  });
});

describe('vendor return requirements', () => {
  const vr = (over: Partial<VendorReturnFacts>): CardFacts => ({
    board: 'VENDOR_RETURN',
    vendorReturn: { ...EMPTY_RETURN, ...over },
  });

  it('needs the RA number to become authorised, and keeps needing it while packed and shipped', () => {
    expect(checkMove(vr({}), 'AUTH_REQUESTED', 'AUTHORISED')).toMatchObject({
      ok: false,
      kind: 'requirements',
      fieldErrors: { raNumber: expect.stringMatching(/authorisation/) },
    });
    expect(checkMove(vr({ raNumber: 'RA-7' }), 'AUTH_REQUESTED', 'AUTHORISED')).toEqual({ ok: true });
    expect(Object.keys(statusRequirements(vr({}), 'PACKED'))).toEqual(['raNumber']);
    expect(statusRequirements(vr({}), 'IDENTIFIED')).toEqual({});
    expect(statusRequirements(vr({}), 'AUTH_REQUESTED')).toEqual({});
  });

  it('needs the shipped date and tracking number to ship', () => {
    const result = checkMove(vr({ raNumber: 'RA-7' }), 'PACKED', 'SHIPPED');
    expect(result).toMatchObject({ ok: false, kind: 'requirements' });
    if (!result.ok && result.kind === 'requirements') {
      expect(Object.keys(result.fieldErrors).sort()).toEqual(['shippedOn', 'trackingNumber']);
      expect(result.message).toMatch(/^Before this vendor return can move to “Shipped”: Enter the date/);
    }
    expect(
      checkMove(vr({ raNumber: 'RA-7', shippedOn: '2026-11-20', trackingNumber: '1Z' }), 'PACKED', 'SHIPPED'),
    ).toEqual({
      ok: true,
    });
  });

  it('keeps a Schedule II return from shipping until its DEA Form 222 number is recorded', () => {
    const shippable = { raNumber: 'RA-7', shippedOn: '2026-11-20', trackingNumber: '1Z', scheduleII: true };
    expect(checkMove(vr(shippable), 'PACKED', 'SHIPPED')).toMatchObject({
      ok: false,
      fieldErrors: { deaForm222Number: expect.stringMatching(/DEA Form 222/) },
    });
    expect(checkMove(vr({ ...shippable, deaForm222Number: '' }), 'DISPUTED', 'SHIPPED').ok).toBe(false);
    expect(checkMove(vr({ ...shippable, deaForm222Number: '260012345' }), 'PACKED', 'SHIPPED')).toEqual({
      ok: true,
    });
  });

  it('closes only with the received credit, or zero with a reason', () => {
    expect(checkMove(vr({}), 'SHIPPED', 'CREDIT_RECEIVED')).toMatchObject({
      ok: false,
      fieldErrors: { receivedCredit: expect.any(String) },
    });
    expect(checkMove(vr({ receivedCreditCents: 0 }), 'SHIPPED', 'CREDIT_RECEIVED')).toMatchObject({
      ok: false,
      fieldErrors: { zeroCreditReason: 'Say why the credit is zero.' },
    });
    expect(
      checkMove(
        vr({ receivedCreditCents: 0, zeroCreditReason: 'Vendor refused: past return window' }),
        'DISPUTED',
        'CREDIT_RECEIVED',
      ),
    ).toEqual({
      ok: true,
    });
    expect(checkMove(vr({ receivedCreditCents: 1999 }), 'SHIPPED', 'CREDIT_RECEIVED')).toEqual({ ok: true });
  });

  it('lets a dispute happen without any paperwork', () => {
    expect(checkMove(vr({}), 'AUTH_REQUESTED', 'DISPUTED')).toEqual({ ok: true });
  });

  it('tells a move form which fields to ask for', () => {
    expect(fieldsNeededFor('VENDOR_RETURN', 'AUTHORISED')).toEqual(['raNumber']);
    expect(fieldsNeededFor('VENDOR_RETURN', 'SHIPPED', true)).toEqual([
      'raNumber',
      'shippedOn',
      'trackingNumber',
      'deaForm222Number',
    ]);
    expect(fieldsNeededFor('VENDOR_RETURN', 'CREDIT_RECEIVED')).toEqual([
      'receivedCredit',
      'zeroCreditReason',
    ]);
    expect(fieldsNeededFor('BILLING_ISSUE', 'WRITTEN_OFF')).toEqual(['outcome']);
    expect(fieldsNeededFor('DAILY', 'DONE')).toEqual([]);
  });
});

describe('billing issue requirements', () => {
  const bi = (outcome: string | null): CardFacts => ({ board: 'BILLING_ISSUE', billingIssue: { outcome } });
  for (const [from, to] of [
    ['RESUBMITTED', 'RESOLVED_PAID'],
    ['INVESTIGATING', 'WRITTEN_OFF'],
  ] as const) {
    it(`needs the outcome to move ${from} → ${to}`, () => {
      expect(checkMove(bi(null), from, to)).toMatchObject({
        ok: false,
        fieldErrors: { outcome: expect.any(String) },
      });
      expect(checkMove(bi('  '), from, to).ok).toBe(false);
      expect(checkMove(bi('Paid $42.10 after override'), from, to)).toEqual({ ok: true });
    });
  }
  it('needs no outcome for open statuses', () => {
    expect(checkMove(bi(null), 'NEW', 'INVESTIGATING')).toEqual({ ok: true });
  });
});

describe('credit ageing', () => {
  const cases: [number, string][] = [
    [-3, '0-30'],
    [0, '0-30'],
    [30, '0-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [400, '90+'],
  ];
  for (const [days, bucket] of cases) {
    it(`puts ${days} days in ${bucket}`, () => {
      expect(ageBucket(days)).toBe(bucket);
    });
  }

  it('counts calendar days across month and year ends', () => {
    expect(daysBetween('2026-11-25', '2026-11-25')).toBe(0);
    expect(daysBetween('2026-10-26', '2026-11-25')).toBe(30);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-09')).toBe(8);
  });

  it('sums amounts per vendor and bucket, largest total first', () => {
    const rows = buildAgeing(
      [
        { key: 'Cardinal', cents: 1000, since: '2026-11-20' },
        { key: 'Cardinal', cents: 500, since: '2026-09-01' },
        { key: 'McKesson', cents: 9000, since: '2026-10-10' },
      ],
      '2026-11-25',
    );
    expect(rows).toEqual([
      { key: 'McKesson', buckets: { '0-30': 0, '31-60': 9000, '61-90': 0, '90+': 0 }, total: 9000, count: 1 },
      {
        key: 'Cardinal',
        buckets: { '0-30': 1000, '31-60': 0, '61-90': 500, '90+': 0 },
        total: 1500,
        count: 2,
      },
    ]);
  });
});
