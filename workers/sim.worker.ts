// Simulation worker: the only place the simulation runs in the browser. Exposes the host (pacing
// loop, jobs, frames) to the page over comlink; the page talks to it through src/sim-client/.

import { expose, type Endpoint } from 'comlink';
import { SimHost } from './sim-host.ts';

// The worker global (typed as Window under the DOM lib).
expose(new SimHost(), self as unknown as Endpoint);
