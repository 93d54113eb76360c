import { describe, expect, it } from 'vitest';
import {
  centsToInput,
  formatNdc,
  ndcMessages,
  normaliseBin,
  normaliseNdc,
  parseMoneyToCents,
} from '../../../server/boards/ndc';

describe('normaliseNdc', () => {
  const accepted: [string, string, string][] = [
    ['4-4-2 gets a leading zero on the labeler', '0002-3227-30', '00002322730'],
    ['5-3-2 gets a leading zero on the product', '50242-040-62', '50242004062'],
    ['5-4-1 gets a leading zero on the package', '60505-2657-1', '60505265701'],
    ['5-4-2 with dashes is kept', '00002-3227-30', '00002322730'],
    ['11 digits without dashes are kept', '00002322730', '00002322730'],
    ['surrounding and inner spaces are ignored', '  0002 - 3227 - 30 ', '00002322730'],
  ];
  for (const [name, input, expected] of accepted) {
    it(`accepts ${name}`, () => {
      expect(normaliseNdc(input)).toEqual({ ok: true, value: expected });
    });
  }

  it('refuses 10 digits without dashes, because the missing zero could go in three places', () => {
    expect(normaliseNdc('0002322730')).toEqual({ ok: false, message: ndcMessages.tenUndashed });
  });

  const refused = [
    '',
    '1234-5678',
    '12345-67890-1',
    'ABCDE-1234-12',
    '0002-3227-3',
    '123456789012',
    '00002-3227-300',
  ];
  for (const input of refused) {
    it(`refuses ${JSON.stringify(input)} with a message saying what is expected`, () => {
      const result = normaliseNdc(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/NDC/);
    });
  }

  it('formats 11 digits as 5-4-2 for display', () => {
    expect(formatNdc('00002322730')).toBe('00002-3227-30');
    expect(formatNdc('odd')).toBe('odd');
  });
});

describe('normaliseBin', () => {
  it('accepts exactly six digits', () => {
    expect(normaliseBin(' 610014 ')).toEqual({ ok: true, value: '610014' });
    expect(normaliseBin('004336')).toEqual({ ok: true, value: '004336' });
  });
  for (const input of ['61001', '6100145', '61O014', '610-014']) {
    it(`refuses ${input}`, () => {
      expect(normaliseBin(input)).toEqual({ ok: false, message: 'A BIN is exactly 6 digits, e.g. 610014.' });
    });
  }
  it('asks for the BIN when it is empty', () => {
    expect(normaliseBin('  ').ok).toBe(false);
  });
});

describe('parseMoneyToCents', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['12', 1200],
    ['12.5', 1250],
    ['12.05', 1205],
    ['$1,234.56', 123456],
    ['.99', 99],
    ['0.10', 10],
    ['1234567.89', 123456789],
  ];
  for (const [input, cents] of cases) {
    it(`reads ${input} as ${cents} cents`, () => {
      expect(parseMoneyToCents(input)).toEqual({ ok: true, value: cents });
    });
  }
  for (const input of ['', '-5', '12.345', '1,23', 'ten', '1.2.3', '99999999999']) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(parseMoneyToCents(input).ok).toBe(false);
    });
  }
  it('shows cents back as an input value', () => {
    expect(centsToInput(123405)).toBe('1234.05');
    expect(centsToInput(null)).toBe('');
  });
});
