// Entry point of a solve worker thread (spawned by solver/runtime/pool.ts): one job at a time, many over its life.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { unpackLp } from './lp-transfer';
import { runJob, type PostedJob } from './run-job';

const { niceness } = (workerData ?? {}) as { niceness?: number };
if (niceness && process.platform === 'linux') {
  try {
    // On Linux a thread id of 0 is this thread alone: the server's own thread keeps its priority.
    setPriority(0, niceness);
  } catch {
    // Not allowed here: solve at normal priority.
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: PostedJob) => {
    void runJob({ ...job, lp: unpackLp(job.lp) }, (m) => port.postMessage(m));
  });
}
