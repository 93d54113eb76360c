// The technician ratio as state rule packs (solver/core/ratio-packs.ts): for each shape the solver's
// schedule keeps it, and verifySchedule flags a schedule that breaks it only in that way while it
// passes one that uses the pack's allowance legitimately.
import { describe, expect, it } from 'vitest';
import { STATE_RATIO_PACKS, explainGaps, solveSchedule, statePack, type RatioPack } from '../../../solver';
import { verifySchedule } from '../../../solver/core/verify';
import type { Assignment, EngineName, ScheduleInput, SolveResult, Staff } from '../../../solver/core/types';
import { gapWords } from '../../../server/scheduling/gap-words';
import { PHARMACIST, POSITIONS, TECHNICIAN, demand, makeInput, person, shift } from './helpers';

const ENGINES: EngineName[] = ['jslp', 'highs'];
const INVENTORY = 'INVENTORY';
const INTERN = 'INTERN';
const WITH_INVENTORY_AND_INTERNS = [
  ...POSITIONS,
  { id: INVENTORY, name: 'Inventory specialist' },
  { id: INTERN, name: 'Pharmacist intern', ratioRole: 'intern' as const },
];

function pack(state: string, setting: 'community' | 'hospital' = 'community'): RatioPack {
  const found = statePack(state, setting);
  if (!found) throw new Error(`no pack for ${state}`);
  return found;
}

const a = (staff: string, shiftId: string, position = TECHNICIAN): Assignment => ({
  staff,
  shift: shiftId,
  position,
});

/** One day shift, `pharmacists` pharmacists and the given technicians, all wanted on it. */
function oneShift(
  ratioPack: RatioPack,
  pharmacists: number,
  techs: Staff[],
  techsWanted: number,
  extra: Partial<ScheduleInput> = {},
): ScheduleInput {
  const rx = Array.from({ length: pharmacists }, (_, i) => person(`Rx${i + 1}`, [PHARMACIST]));
  return makeInput({
    shifts: [shift('D0', 0, 7, 15)],
    positions: WITH_INVENTORY_AND_INTERNS,
    staff: [...rx, ...techs],
    demands: [demand('D0', PHARMACIST, pharmacists), demand('D0', TECHNICIAN, techsWanted)],
    rules: { maxConsecutiveDays: null, ratioPack },
    ...extra,
  });
}

const techs = (n: number, extra: Partial<Staff> = {}): Staff[] =>
  Array.from({ length: n }, (_, i) => person(`T${i + 1}`, [TECHNICIAN], extra));

async function solve(input: ScheduleInput, engine: EngineName): Promise<SolveResult> {
  const result = await solveSchedule(input, { engine, inThread: true, timeLimitMs: 20_000 });
  expect(result.status).toBe('optimal');
  expect(verifySchedule(input, result.assignments)).toEqual([]);
  return result;
}

const onShift = (r: SolveResult, position: string): string[] =>
  r.assignments
    .filter((x) => x.position === position)
    .map((x) => x.staff)
    .sort();

const messages = (input: ScheduleInput, schedule: Assignment[]): string[] =>
  verifySchedule(input, schedule).map((v) => v.message);

describe('conditional on a certified technician (Minnesota: 3 per pharmacist, 4 with one certified)', () => {
  const certified = person('Cert', [TECHNICIAN], { certified: true });

  it.each(ENGINES)(
    '%s: places 3 without a certified technician, 4 with one, 8 with two pharmacists',
    async (engine) => {
      expect(onShift(await solve(oneShift(pack('MN'), 1, techs(5), 5), engine), TECHNICIAN)).toHaveLength(3);
      const withCert = await solve(oneShift(pack('MN'), 1, [certified, ...techs(4)], 5), engine);
      expect(onShift(withCert, TECHNICIAN)).toHaveLength(4);
      expect(onShift(withCert, TECHNICIAN)).toContain('Cert');
      const two = await solve(oneShift(pack('MN'), 2, [certified, ...techs(9)], 10), engine);
      expect(onShift(two, TECHNICIAN)).toHaveLength(8);
    },
  );

  it('counts a certification only on the shifts it is valid for', async () => {
    const lapsed = person('Cert', [TECHNICIAN], { certified: true, certifiedByShift: { D0: false } });
    const r = await solve(oneShift(pack('MN'), 1, [lapsed, ...techs(4)], 5), 'highs');
    expect(onShift(r, TECHNICIAN)).toHaveLength(3);
  });

  it('verifySchedule flags 4 without a certified technician and accepts 4 with one', () => {
    const input = oneShift(pack('MN'), 1, [certified, ...techs(4)], 4);
    const rx = a('Rx1', 'D0', PHARMACIST);
    expect(messages(input, [rx, ...['T1', 'T2', 'T3', 'T4'].map((t) => a(t, 'D0'))])).toEqual([
      'At Mon 2 Mar 07:00, 4 technicians would be on duty with 1 pharmacist and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (3 here).',
    ]);
    expect(messages(input, [rx, ...['Cert', 'T1', 'T2', 'T3'].map((t) => a(t, 'D0'))])).toEqual([]);
    expect(messages(input, [rx, ...['Cert', 'T1', 'T2', 'T3', 'T4'].map((t) => a(t, 'D0'))])).toEqual([
      'At Mon 2 Mar 07:00, 5 technicians would be on duty with 1 pharmacist and a certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (4 here).',
    ]);
  });

  it('a certified person in a position outside the ratio does not raise it', () => {
    const input = oneShift(pack('MN'), 1, [person('Cert', [INVENTORY], { certified: true }), ...techs(4)], 4);
    const schedule = [
      a('Rx1', 'D0', PHARMACIST),
      a('Cert', 'D0', INVENTORY),
      ...['T1', 'T2', 'T3', 'T4'].map((t) => a(t, 'D0')),
    ];
    expect(messages(input, schedule)).toEqual([
      'At Mon 2 Mar 07:00, 4 technicians would be on duty with 1 pharmacist and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (3 here).',
    ]);
  });

  it('explains the gap the ratio leaves: the fourth technician is stopped by it, in words', async () => {
    const input = oneShift(pack('MN'), 1, techs(4), 4);
    const r = await solve(input, 'highs');
    expect(r.gaps).toEqual([{ shift: 'D0', position: TECHNICIAN, required: 4, assigned: 3, missing: 1 }]);
    const [gap] = explainGaps(input, r);
    const [idle] = ['T1', 'T2', 'T3', 'T4'].filter((x) => !onShift(r, TECHNICIAN).includes(x));
    expect(gap?.candidates.map((c) => [c.staff, c.code])).toEqual([[idle, 'RATIO']]);
    expect(gap?.noFix?.because).toBe('nearest');
    expect(gap?.ratioBound).toBe(true);
    const words = gapWords(input, gap!);
    expect(words.reasons).toBe(
      `the technician ratio leaves it open: ${idle} could work it otherwise. At Mon 2 Mar 07:00, 4 technicians would be on duty with 1 pharmacist and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (3 here).`,
    );
  });
});

describe('formula (California: 1 technician for the first pharmacist, 2 for each additional)', () => {
  it.each(ENGINES)('%s: 1 technician with one pharmacist, 3 with two', async (engine) => {
    expect(onShift(await solve(oneShift(pack('CA'), 1, techs(5), 5), engine), TECHNICIAN)).toHaveLength(1);
    expect(onShift(await solve(oneShift(pack('CA'), 2, techs(5), 5), engine), TECHNICIAN)).toHaveLength(3);
  });

  it.each(ENGINES)('%s: no technician once the only pharmacist has left', async (engine) => {
    const input = makeInput({
      shifts: [shift('RX', 0, 8, 16), shift('LATE', 0, 12, 20)],
      staff: [person('Rx1', [PHARMACIST]), ...techs(2)],
      demands: [demand('RX', PHARMACIST, 1), demand('RX', TECHNICIAN, 1), demand('LATE', TECHNICIAN, 1)],
      rules: { maxConsecutiveDays: null, ratioPack: pack('CA') },
    });
    const r = await solve(input, engine);
    expect(r.assignments.filter((x) => x.shift === 'LATE')).toEqual([]);
    expect(r.assignments.filter((x) => x.shift === 'RX')).toHaveLength(2);
  });

  it('verifySchedule flags 4 technicians with two pharmacists (a plain 1:2 would allow it) and accepts 3', () => {
    const input = oneShift(pack('CA'), 2, techs(4), 4);
    const rx = [a('Rx1', 'D0', PHARMACIST), a('Rx2', 'D0', PHARMACIST)];
    expect(messages(input, [...rx, ...['T1', 'T2', 'T3', 'T4'].map((t) => a(t, 'D0'))])).toEqual([
      'At Mon 2 Mar 07:00, 4 technicians would be on duty with 2 pharmacists; California allows 1 technician for the first pharmacist on duty and 2 for each additional pharmacist (3 here).',
    ]);
    expect(messages(input, [...rx, ...['T1', 'T2', 'T3'].map((t) => a(t, 'D0'))])).toEqual([]);
  });
});

describe('setting (California hospitals: 2 per pharmacist)', () => {
  it.each(ENGINES)(
    '%s: a hospital places 2 technicians with one pharmacist where a community pharmacy places 1',
    async (engine) => {
      expect(
        onShift(await solve(oneShift(pack('CA', 'hospital'), 1, techs(3), 3), engine), TECHNICIAN),
      ).toHaveLength(2);
      expect(
        onShift(await solve(oneShift(pack('CA', 'community'), 1, techs(3), 3), engine), TECHNICIAN),
      ).toHaveLength(1);
    },
  );

  it('verifySchedule: 2 technicians with one pharmacist pass in a hospital and not in a community pharmacy; 3 fail in both', () => {
    const two = [a('Rx1', 'D0', PHARMACIST), a('T1', 'D0'), a('T2', 'D0')];
    expect(messages(oneShift(pack('CA', 'hospital'), 1, techs(3), 3), two)).toEqual([]);
    expect(messages(oneShift(pack('CA', 'community'), 1, techs(3), 3), two)).toEqual([
      'At Mon 2 Mar 07:00, 2 technicians would be on duty with 1 pharmacist; California allows 1 technician for the first pharmacist on duty and 2 for each additional pharmacist (1 here).',
    ]);
    expect(messages(oneShift(pack('CA', 'hospital'), 1, techs(3), 3), [...two, a('T3', 'D0')])).toEqual([
      'At Mon 2 Mar 07:00, 3 technicians would be on duty with 1 pharmacist; California hospitals allows 2 technicians per pharmacist on duty (2 here).',
    ]);
  });
});

describe('technicians who do not count and interns who do', () => {
  const inventory = [person('Inv1', [INVENTORY]), person('Inv2', [INVENTORY])];

  it.each(ENGINES)('%s: inventory staff work beside a full ratio of technicians', async (engine) => {
    const input = oneShift(pack('MN'), 1, [...techs(3), ...inventory], 3, {});
    input.demands.push(demand('D0', INVENTORY, 2));
    const r = await solve(input, engine);
    expect(onShift(r, TECHNICIAN)).toHaveLength(3);
    expect(onShift(r, INVENTORY)).toEqual(['Inv1', 'Inv2']);
  });

  it('verifySchedule ignores inventory staff and flags the fourth technician', () => {
    const input = oneShift(pack('MN'), 1, [...techs(4), ...inventory], 3);
    const base = [a('Rx1', 'D0', PHARMACIST), a('Inv1', 'D0', INVENTORY), a('Inv2', 'D0', INVENTORY)];
    expect(messages(input, [...base, ...['T1', 'T2', 'T3'].map((t) => a(t, 'D0'))])).toEqual([]);
    expect(messages(input, [...base, ...['T1', 'T2', 'T3', 'T4'].map((t) => a(t, 'D0'))])).toHaveLength(1);
  });

  it.each(ENGINES)(
    '%s: where interns count (Minnesota) an intern takes a technician place',
    async (engine) => {
      const input = oneShift(pack('MN'), 1, [...techs(3), person('Ida', [INTERN])], 3);
      input.demands.push(demand('D0', INTERN, 1, { underWeight: 2000 }));
      const r = await solve(input, engine);
      expect(onShift(r, INTERN)).toEqual(['Ida']);
      expect(onShift(r, TECHNICIAN)).toHaveLength(2);
    },
  );

  it('verifySchedule: 3 technicians and an intern break Minnesota’s ratio, not California’s intern-free one', () => {
    const schedule = [a('Rx1', 'D0', PHARMACIST), a('T1', 'D0'), a('Ida', 'D0', INTERN)];
    const mn = oneShift(pack('MN'), 1, [...techs(3), person('Ida', [INTERN])], 3);
    expect(messages(mn, [...schedule, a('T2', 'D0'), a('T3', 'D0')])).toEqual([
      'At Mon 2 Mar 07:00, 3 technicians and 1 intern would be on duty with 1 pharmacist and no certified technician; Minnesota allows 3 per pharmacist, 4 when one is certified (3 here).',
    ]);
    const ca = oneShift(pack('CA'), 1, [...techs(3), person('Ida', [INTERN])], 3);
    expect(messages(ca, schedule)).toEqual([]);
  });
});

describe('the site’s own ratio beside the state pack', () => {
  it('both apply: a stricter site ratio of 2 flags what Minnesota allows', () => {
    const input = oneShift(pack('MN'), 1, techs(3), 3, {
      rules: { maxConsecutiveDays: null, ratioPack: pack('MN'), technicianRatio: 2 },
    });
    expect(
      messages(input, [a('Rx1', 'D0', PHARMACIST), ...['T1', 'T2', 'T3'].map((t) => a(t, 'D0'))]),
    ).toEqual([
      'At Mon 2 Mar 07:00, 3 technicians would be on duty with 1 pharmacist; at most 2 per pharmacist allowed.',
    ]);
  });
});

describe('the state packs', () => {
  it('each cites its rule and allows more technicians, never fewer, as pharmacists or a certification are added', () => {
    for (const [state, bySetting] of Object.entries(STATE_RATIO_PACKS)) {
      for (const pack of Object.values(bySetting)) {
        expect(pack.source, state).toMatch(/\S/);
        const shape = pack.shape;
        if (shape.kind === 'certified') expect(shape.withCertified, state).toBeGreaterThan(shape.technicians);
        const numbers =
          shape.kind === 'per-pharmacist'
            ? [shape.technicians]
            : shape.kind === 'certified'
              ? [shape.technicians, shape.withCertified]
              : [shape.first, shape.each];
        for (const n of numbers) expect(Number.isInteger(n) && n >= 1, state).toBe(true);
      }
    }
    expect(statePack('NY', 'community')).toBeNull();
    expect(statePack('MN', 'hospital')).toBe(statePack('MN', 'community'));
  });
});
