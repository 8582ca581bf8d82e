// `npm start`: the embedded MQTT broker (with its sample live feed) in this process and the Vite
// dev server as a child, told the broker's WebSocket URL; Ctrl-C (or either one ending) stops both.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LIVE_PREFIX_ENV, LIVE_URL_ENV } from '../live/liveConfig.ts';
import { brokerOptionsFromArgs, operatorAccounts, startBroker } from './broker.ts';
import { COMMAND_TRACE_FILE } from './commandTrace.ts';
import { CliError, REPO_ROOT, runCli } from './cliUtil.ts';

const VITE_BIN = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');
const USAGE = 'usage: npm start -- [--port N (app, default 5173)] [--tcp-port N] [--ws-port N] [--recording file.ndjson | --no-sample] [--speed N] [--prefix P]';

await runCli(async () => {
  const argv = process.argv.slice(2);
  let appPort = process.env.TWIN_APP_PORT ?? '5173';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') appPort = argv[++i] ?? '';
    else if (argv[i].startsWith('--port=')) appPort = argv[i].slice('--port='.length);
    else rest.push(argv[i]);
  }
  if (!/^\d{1,5}$/.test(appPort) || Number(appPort) > 65535) throw new CliError(`--port must be a port number, got "${appPort}"\n${USAGE}`);
  const o = brokerOptionsFromArgs(rest, process.env);
  const { values } = parseArgs({ args: rest, strict: false });
  // Ports nobody asked for move aside when taken (a system Mosquitto on 1883, say); asked-for ones do not.
  const explicitPorts = values['tcp-port'] !== undefined || values['ws-port'] !== undefined || !!process.env.TWIN_MQTT_TCP_PORT || !!process.env.TWIN_MQTT_WS_PORT;
  const log = (l: string) => process.stdout.write(`broker: ${l}\n`);
  const broker = await startBroker({ ...o, operators: operatorAccounts(process.env, log), trace: { file: resolve(REPO_ROOT, COMMAND_TRACE_FILE) }, fallbackToFreePort: !explicitPorts, log });
  process.stdout.write(`broker: MQTT on ${broker.tcpUrl} and ${broker.wsUrl} (loopback only)\n`);

  const vite = spawn(process.execPath, [VITE_BIN, '--port', appPort, '--strictPort'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, [LIVE_URL_ENV]: broker.wsUrl, [LIVE_PREFIX_ENV]: o.prefix },
  });

  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (vite.exitCode === null && vite.signalCode === null) {
      vite.kill('SIGTERM');
      const killer = setTimeout(() => vite.kill('SIGKILL'), 5_000);
      await new Promise<void>((r) => (vite.exitCode !== null || vite.signalCode !== null ? r() : vite.once('exit', () => r())));
      clearTimeout(killer);
    }
    await broker.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  vite.on('exit', (code, signal) => {
    if (!stopping && code !== 0 && signal === null) process.stderr.write(`error: the Vite dev server ended with code ${code}\n`);
    void stopAll(stopping || signal !== null ? 0 : (code ?? 1));
  });
  vite.on('error', (e) => {
    process.stderr.write(`error: cannot start the Vite dev server: ${e.message}\n`);
    void stopAll(1);
  });
});
