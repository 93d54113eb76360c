// Entry point of a solve worker thread (spawned by solver/pool.ts): one job at a time, many over its life.
import { parentPort } from 'node:worker_threads';
import { unpackLp } from './lp-transfer';
import { runJob, type PostedJob } from './run-job';

const port = parentPort;
if (port) {
  port.on('message', (job: PostedJob) => {
    void runJob({ ...job, lp: unpackLp(job.lp) }, (m) => port.postMessage(m));
  });
}
