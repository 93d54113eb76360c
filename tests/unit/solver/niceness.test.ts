import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, setWorkerNiceness, warmUpWorkers, workersWarm } from '../../../solver';

// setWorkerNiceness lowers the CPU priority of the solver's threads only (Linux keeps a nice value
// per thread), so a server's own thread keeps answering pages first while a schedule solves.

/** Nice values of this process's threads, from /proc (field 19 of each task's stat line). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

afterAll(async () => {
  setWorkerNiceness(0);
  await closeWorkers();
});

describe.runIf(process.platform === 'linux')('solver thread priority', () => {
  it('runs new solver threads at the given nice value and leaves the calling thread alone', async () => {
    await closeWorkers();
    const before = threadNiceValues().filter((n) => n === 7).length;
    setWorkerNiceness(7);
    warmUpWorkers(2);
    await workersWarm();
    const niced = threadNiceValues().filter((n) => n === 7).length;
    expect(niced - before).toBeGreaterThanOrEqual(2);
    expect(threadNiceValues()[0]).toBe(0);
  });
});
