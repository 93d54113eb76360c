// Entry point of a solve worker thread (spawned by solver/pool.ts): one job at a time, many over its life.
import { parentPort } from 'node:worker_threads';
import { runJob, type WorkerJob } from './run-job';

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    void runJob(job, (m) => port.postMessage(m));
  });
}
