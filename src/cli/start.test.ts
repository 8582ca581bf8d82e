// `npm start` (src/cli/start.ts): the app's dev server and the embedded broker come up together,
// the broker answers over WebSocket, and Ctrl-C (SIGINT) stops both.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { freePort, portOpen, waitFor } from '../live/testing/net.ts';
import { REPO_ROOT } from './cliUtil.ts';

describe('npm start', () => {
  it('serves the app and the MQTT broker, and stops both on Ctrl-C', { timeout: 150_000 }, async () => {
    const [appPort, tcpPort, wsPort] = [await freePort(), await freePort(), await freePort()];
    const p = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/cli/start.ts'), '--port', String(appPort), '--tcp-port', String(tcpPort), '--ws-port', String(wsPort), '--speed', '50'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    try {
      // Ready when both have printed their address; an early exit (a port taken meanwhile…) fails at once with the output.
      // Vite colours its output under CI=true (the port in bold): compare the text without ANSI codes.
      const plain = () => out.replace(/\x1b\[[0-9;]*m/g, '');
      const ready = waitFor('the broker and the dev server', () => plain().includes(`ws://127.0.0.1:${wsPort}`) && plain().includes(`:${appPort}`), 100_000, 100).catch((e: Error) => {
        throw new Error(`${e.message}\n${out}`);
      });
      const early = exited.then((code) => {
        throw new Error(`npm start exited early (code ${code}):\n${out}`);
      });
      await Promise.race([ready, early]);
      early.catch(() => {});
      const page = await fetch(`http://localhost:${appPort}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root"/);
      const client = await mqtt.connectAsync(`ws://127.0.0.1:${wsPort}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000 });
      expect(client.connected).toBe(true);
      await client.endAsync();
      p.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
      expect(code, out).toBe(0);
      for (const port of [appPort, tcpPort, wsPort]) expect(await portOpen(port), `port ${port} still open`).toBe(false);
    } finally {
      if (p.exitCode === null) p.kill('SIGKILL');
    }
  });
});
