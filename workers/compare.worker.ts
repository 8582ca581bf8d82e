// Compare worker: one side of a baseline/variant comparison runs in each of two of these at once.
// Exposes the host over comlink; the page talks to it through src/sim-client/compareClient.ts.

import { expose, type Endpoint } from 'comlink';
import { CompareHost } from './compare-host.ts';

// The worker global (typed as Window under the DOM lib).
expose(new CompareHost(), self as unknown as Endpoint);
