// The model packed for postMessage comes back identical in the worker.
import { describe, expect, it } from 'vitest';
import { generatePharmacyInstance } from '../../../bench/generate-pharmacy';
import { packLp, unpackLp } from '../../../solver/runtime/lp-transfer';
import { buildModel } from '../../../solver/core/model';

describe('packing the model for a worker', () => {
  it('gives back the same variables, rows and constant', () => {
    const lp = buildModel(generatePharmacyInstance({ staff: 12, days: 7 }, 2)).lp;
    expect(unpackLp(structuredClone(packLp(lp)))).toEqual(lp);
  });

  it('keeps unbounded variables unbounded and the integer and bound flags apart', () => {
    const lp = {
      vars: [
        { name: 'a', cost: 1.5, ub: Infinity, int: false, ubNeeded: false },
        { name: 'b', cost: -2, ub: 1, int: true, ubNeeded: true },
        { name: 'c', cost: 0, ub: 3, int: false, ubNeeded: true },
      ],
      rows: [
        { name: 'r0', terms: [[0, 1] as [number, number], [2, -1] as [number, number]], rhs: 4 },
        { name: 'r1', terms: [], rhs: 0 },
        { name: 'r2', terms: [[1, 2] as [number, number]], rhs: 1 },
      ],
      constant: 7,
    };
    expect(unpackLp(packLp(lp))).toEqual(lp);
  });
});
