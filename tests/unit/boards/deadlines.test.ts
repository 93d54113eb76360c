import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addCalendarDays,
  deaLossClocks,
  describeReturnToStock,
  payerRuleFor,
  returnToStockClock,
} from '../../../server/boards/deadlines';
import { todayAt } from '../../../server/sites/sites.service';

const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';
const SATURDAY = '2026-12-05';
const MONDAY = '2026-12-07';
const TUESDAY = '2026-12-08';
const NEW_YORK = 'America/New_York';

const open = (lossDiscoveredOn: string) => ({ lossDiscoveredOn, deaNoticeSentOn: null, dea106FiledOn: null });

describe('addBusinessDays', () => {
  it('skips the weekend', () => {
    expect(addBusinessDays(THURSDAY, 1)).toBe(FRIDAY);
    expect(addBusinessDays(FRIDAY, 1)).toBe(MONDAY);
    expect(addBusinessDays(SATURDAY, 1)).toBe(MONDAY);
  });
});

describe('deaLossClocks', () => {
  it('gives the DEA notice until the next business day and the Form 106 45 days', () => {
    expect(deaLossClocks(open(FRIDAY), FRIDAY)).toEqual([
      {
        label: 'DEA notice',
        source: '21 CFR 1301.76(b): within one business day',
        dueOn: MONDAY,
        doneOn: null,
        state: 'due',
        daysLeft: 3,
      },
      {
        label: 'DEA Form 106',
        source: '21 CFR 1301.76(b): within 45 days',
        dueOn: '2027-01-18',
        doneOn: null,
        state: 'due',
        daysLeft: 45,
      },
    ]);
  });

  it('is due on its last day and overdue the day after', () => {
    expect(deaLossClocks(open(FRIDAY), MONDAY)[0]?.state).toBe('due');
    expect(deaLossClocks(open(FRIDAY), TUESDAY)[0]).toMatchObject({ state: 'overdue', daysLeft: -1 });
    expect(deaLossClocks(open(FRIDAY), '2027-01-18')[1]?.state).toBe('due');
    expect(deaLossClocks(open(FRIDAY), '2027-01-19')[1]?.state).toBe('overdue');
  });

  it('is done once sent, however late', () => {
    const sent = { lossDiscoveredOn: FRIDAY, deaNoticeSentOn: TUESDAY, dea106FiledOn: null };
    expect(deaLossClocks(sent, '2026-12-20')[0]).toMatchObject({ state: 'done', doneOn: TUESDAY });
  });

  it('turns overdue at midnight in the pharmacy’s zone, not the server’s', () => {
    // 23:30 on Monday in New York is already Tuesday 04:30 UTC: the notice is still due.
    const lateMonday = todayAt(NEW_YORK, new Date('2026-12-08T04:30:00Z'));
    expect(lateMonday).toBe(MONDAY);
    expect(deaLossClocks(open(FRIDAY), lateMonday)[0]?.state).toBe('due');
    const tuesdayMidnight = todayAt(NEW_YORK, new Date('2026-12-08T05:00:00Z'));
    expect(deaLossClocks(open(FRIDAY), tuesdayMidnight)[0]?.state).toBe('overdue');
  });
});

describe('return-to-stock clock', () => {
  const PART_D = { name: 'Part D plan', bin: '610014', pcn: '', returnToStockDays: 3, businessDays: true };
  const COMMERCIAL = {
    name: 'Commercial',
    bin: '610014',
    pcn: 'COMM1',
    returnToStockDays: 10,
    businessDays: false,
  };

  it('counts calendar days across a month end, and business days over the weekend', () => {
    expect(addCalendarDays('2026-11-25', 10)).toBe('2026-12-05');
    expect(returnToStockClock({ dateOfService: THURSDAY, closedOn: null }, PART_D, THURSDAY)).toEqual({
      label: 'Return to stock',
      source: 'Part D plan: reverse within 3 business days of the date of service',
      dueOn: TUESDAY,
      doneOn: null,
      state: 'due',
      daysLeft: 5,
    });
    expect(returnToStockClock({ dateOfService: THURSDAY, closedOn: null }, COMMERCIAL, THURSDAY).dueOn).toBe(
      '2026-12-13',
    );
  });

  it('is overdue the day after the last day, and done once the card is closed', () => {
    const dos = { dateOfService: THURSDAY, closedOn: null };
    expect(returnToStockClock(dos, PART_D, TUESDAY).state).toBe('due');
    expect(returnToStockClock(dos, PART_D, '2026-12-09')).toMatchObject({ state: 'overdue', daysLeft: -1 });
    expect(returnToStockClock({ ...dos, closedOn: '2026-12-10' }, PART_D, '2026-12-11')).toMatchObject({
      state: 'done',
      doneOn: '2026-12-10',
    });
  });

  it('picks the rule written for the PCN, else the one for every PCN of the BIN, else none', () => {
    const rules = [PART_D, COMMERCIAL];
    expect(payerRuleFor(rules, '610014', 'COMM1')).toBe(COMMERCIAL);
    expect(payerRuleFor(rules, '610014', 'MEDDPRIME')).toBe(PART_D);
    expect(payerRuleFor(rules, '610014', null)).toBe(PART_D);
    expect(payerRuleFor(rules, '004336', 'COMM1')).toBeNull();
  });

  it('says one day in the singular', () => {
    expect(describeReturnToStock({ returnToStockDays: 1, businessDays: false })).toBe('1 calendar day');
    expect(describeReturnToStock({ returnToStockDays: 14, businessDays: true })).toBe('14 business days');
  });
});
