// Runs one side of a comparison in a worker thread (TypeScript loaded through tsx there too), so
// both sides of `npm run sim -- … --compare …` run at once on two cores.

import { Worker } from 'node:worker_threads';
import type { RunKpis } from '../core/scenarioRun.ts';
import type { SideJob } from './compareSide.ts';

type SideMessage = { started: true } | { ok: true; kpis: RunKpis } | { ok: false; name: string; message: string; stack?: string };

/** A side running in a worker thread: `started` once its modules are loaded (and it is running), `kpis` when done. */
export interface WorkerSide {
  started: Promise<void>;
  kpis: Promise<RunKpis>;
}

export function runSideInWorker(job: SideJob): WorkerSide {
  let onStarted = () => {};
  const started = new Promise<void>((r) => (onStarted = r));
  const entry = new URL('./compareSideWorker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const kpis = new Promise<RunKpis>((resolvePromise, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: job });
    let settled = false;
    worker.on('message', (m: SideMessage) => {
      if ('started' in m) {
        onStarted();
        return;
      }
      settled = true;
      void worker.terminate();
      if (m.ok) resolvePromise(m.kpis);
      else {
        // The same name and message as the error would have had here: runCli reports it alike.
        const err = new Error(m.message);
        err.name = m.name;
        if (m.stack) err.stack = m.stack;
        reject(err);
      }
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the comparison's worker thread stopped (exit code ${code}) before it answered`));
    });
  });
  // A thread that fails before it starts settles `started` too (the error comes with `kpis`).
  kpis.then(onStarted, onStarted);
  return { started, kpis };
}
