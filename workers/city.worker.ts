// City worker: decodes .city files off the main thread and transfers the tables back (comlink).
// The page opens it through src/sim-client/cityLoader.ts.

import { expose, transfer, type Endpoint } from 'comlink';
import { cityDecoder, modelBuffers } from './cityDecoder.ts';

expose(
  {
    async decodeUrl(url: string, fileName: string) {
      const model = await cityDecoder.decodeUrl(url, fileName);
      return transfer(model, modelBuffers(model));
    },
    decodeBytes(bytes: Uint8Array, fileName: string) {
      const model = cityDecoder.decodeBytes(bytes, fileName);
      return transfer(model, modelBuffers(model));
    },
  },
  // The worker global (typed as Window under the DOM lib).
  self as unknown as Endpoint,
);
