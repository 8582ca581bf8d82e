// Runs one side of a comparison in a worker thread (TypeScript loaded through tsx there too), so
// both sides of `npm run sim -- … --compare …` run at once on two cores.

import { Worker } from 'node:worker_threads';
import type { RunKpis } from '../core/scenarioRun.ts';
import type { SideJob } from './compareSide.ts';

type SideMessage = { ok: true; kpis: RunKpis } | { ok: false; name: string; message: string; stack?: string };

export function runSideInWorker(job: SideJob): Promise<RunKpis> {
  const entry = new URL('./compareSideWorker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: job });
    let settled = false;
    worker.once('message', (m: SideMessage) => {
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
}
