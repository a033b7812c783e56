// Starts a batch worker thread on TypeScript source. Node 20 does not apply the parent's `--import tsx`
// loader to worker threads (module hooks are per thread there), so the worker registers tsx's ESM hooks
// itself and then imports the .ts entry named in workerData.entry.
import { workerData } from 'node:worker_threads';

if (workerData?.entry?.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
