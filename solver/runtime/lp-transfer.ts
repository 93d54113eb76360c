// The model as flat typed arrays for postMessage. Structured cloning an LpModel copies one small
// array per matrix entry: measured 14–18 ms for a 30×7 pharmacy week and 55–85 ms for 60×14 on the
// calling thread alone (and as long again to rebuild it in the worker), against ≈1 ms packed.
import type { LpModel } from '../core/model';

export interface PackedLp {
  names: string[];
  cost: Float64Array;
  ub: Float64Array;
  /** Bit 1: integer; bit 2: the upper bound is needed (see LpVar.ubNeeded). */
  flags: Uint8Array;
  rowNames: string[];
  rhs: Float64Array;
  /** Row r's terms are `index[starts[r]..starts[r+1])` with coefficients `value[…]`. */
  starts: Int32Array;
  index: Int32Array;
  value: Float64Array;
  constant: number;
}

export function packLp(lp: LpModel): PackedLp {
  const n = lp.vars.length;
  const flags = new Uint8Array(n);
  lp.vars.forEach((v, i) => (flags[i] = (v.int ? 1 : 0) | (v.ubNeeded ? 2 : 0)));
  const starts = new Int32Array(lp.rows.length + 1);
  let nnz = 0;
  lp.rows.forEach((r, i) => {
    nnz += r.terms.length;
    starts[i + 1] = nnz;
  });
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let k = 0;
  for (const row of lp.rows) {
    for (const [v, c] of row.terms) {
      index[k] = v;
      value[k] = c;
      k += 1;
    }
  }
  return {
    names: lp.vars.map((v) => v.name),
    cost: Float64Array.from(lp.vars, (v) => v.cost),
    ub: Float64Array.from(lp.vars, (v) => v.ub),
    flags,
    rowNames: lp.rows.map((r) => r.name),
    rhs: Float64Array.from(lp.rows, (r) => r.rhs),
    starts,
    index,
    value,
    constant: lp.constant,
  };
}

export function unpackLp(packed: PackedLp): LpModel {
  const vars = packed.names.map((name, i) => {
    const flags = packed.flags[i] ?? 0;
    return {
      name,
      cost: packed.cost[i] ?? 0,
      ub: packed.ub[i] ?? Infinity,
      int: (flags & 1) === 1,
      ubNeeded: (flags & 2) === 2,
    };
  });
  const rows = packed.rowNames.map((name, r) => {
    const terms: Array<[number, number]> = [];
    for (let k = packed.starts[r] ?? 0; k < (packed.starts[r + 1] ?? 0); k++)
      terms.push([packed.index[k] ?? 0, packed.value[k] ?? 0]);
    return { name, terms, rhs: packed.rhs[r] ?? 0 };
  });
  return { vars, rows, constant: packed.constant };
}
