// The best schedule of a solve, shared between the parent and its workers without messages: a HiGHS
// run is blocked inside `run()` and cannot read a postMessage, but it can read shared memory at its
// callbacks. One writer (the parent thread), any number of readers, guarded by a sequence number.

/** Shared memory: an Int32 sequence number (odd while being written), then objective and values as Float64. */
export interface Board {
  buffer: SharedArrayBuffer;
  size: number;
}

export interface BoardEntry {
  seq: number;
  objective: number;
  values: number[];
}

const HEADER_BYTES = 8;

export function createBoard(size: number): Board {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 8 * (size + 1));
  return { buffer, size };
}

/** Writes a schedule (engine objective, one value per variable). Only one thread may write. */
export function publishToBoard(board: Board, values: number[], objective: number): void {
  const seq = new Int32Array(board.buffer, 0, 1);
  const data = new Float64Array(board.buffer, HEADER_BYTES, board.size + 1);
  Atomics.add(seq, 0, 1);
  data[0] = objective;
  for (let i = 0; i < board.size; i++) data[i + 1] = values[i] ?? 0;
  Atomics.add(seq, 0, 1);
}

/** The schedule on the board if it was written after `afterSeq` (0 = never read), else null. */
export function readBoard(board: Board, afterSeq: number): BoardEntry | null {
  const seq = new Int32Array(board.buffer, 0, 1);
  const data = new Float64Array(board.buffer, HEADER_BYTES, board.size + 1);
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = Atomics.load(seq, 0);
    if (before === 0 || before <= afterSeq) return null;
    if (before % 2 === 1) continue;
    const values = Array.from(data.subarray(1));
    const objective = data[0] ?? Infinity;
    if (Atomics.load(seq, 0) === before) return { seq: before, objective, values };
  }
  return null;
}
