/** A stand-in batch worker for the crash test: dies, throws or answers, as the task's file says. */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (task: { index: number; file: string }) => {
  if (task.file === 'exit') process.exit(7);
  if (task.file === 'throw') throw new Error('boom');
  parentPort!.postMessage({ type: 'outcome', outcome: { index: task.index, status: 'ok', elapsedMs: 0 } });
});
