/**
 * Worker-thread entry of a batch (started through worker-bootstrap.mjs, which registers tsx first).
 * Receives the batch setup in workerData, then tasks one by one; answers each with its TaskOutcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadShared, runTask, type BatchSetup, type BatchTask } from './task.js';

const setup = (workerData as { setup: BatchSetup }).setup;
parentPort!.on('message', (task: BatchTask) => {
  runTask(setup, task).then(
    (outcome) => parentPort!.postMessage({ type: 'outcome', outcome }),
    (e: unknown) => parentPort!.postMessage({ type: 'outcome', outcome: { index: task.index, status: 'error', error: `internal error: ${(e as Error)?.message ?? e}`, elapsedMs: 0 } }),
  );
});
parentPort!.postMessage({ type: 'ready' });
// read the structures and instrument while the main thread is still hashing the patterns; a failure here is
// reported by the first task, which loads them again
loadShared(setup).catch(() => undefined);
