// Worker-thread entry of a headless comparison's second side: runs the SideJob it is given and
// posts the KPIs, or the error's name and message (so the CLI reports it as if it ran here).

import { parentPort, workerData } from 'node:worker_threads';
import { runSideJob, type SideJob } from './compareSide.ts';

// Every module is loaded by now: the parent may start its own side (module loading in this thread
// can need the parent's event loop, which a run on the parent's thread would hold).
parentPort!.postMessage({ started: true });
try {
  parentPort!.postMessage({ ok: true, kpis: runSideJob(workerData as SideJob) });
} catch (e) {
  const err = e as Error;
  parentPort!.postMessage({ ok: false, name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack });
}
