// The embedded broker of `npm start` with an operator account: its simulated cabinets, lamps and signal
// controllers acknowledge an operator's commands and remember them; anyone else's never reach them; revert
// restores; every command, acknowledgement and refusal lands in the command trace.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, entryStatus } from '../core/operator/audit.ts';
import { applyChange, OperatorAuthError, OperatorSession, revertEntry } from '../live/operatorCommands.ts';
import { waitFor } from '../live/testing/net.ts';
import { checkAccount, operatorAccounts, startBroker, type RunningBroker } from './broker.ts';
import { CommandTrace, type TraceLine } from './commandTrace.ts';

const cabinet = (k: number) => `urn:ngsi-ld:StreetlightControlCabinet:cabinet-${String(k).padStart(4, '0')}`;
const lamp = (k: number) => `urn:ngsi-ld:Streetlight:lamp-${String(k).padStart(6, '0')}`;
let broker: RunningBroker;
const traceDir = mkdtempSync(join(tmpdir(), 'twin-trace-'));
const traceFile = join(traceDir, 'command-trace.ndjson');
const traceLines = (): TraceLine[] => readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceLine);

beforeAll(async () => {
  broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null, operators: { operator: 'op-pass-1' }, trace: { file: traceFile } });
});
afterAll(async () => {
  await broker.close();
  rmSync(traceDir, { recursive: true, force: true });
});

describe('embedded broker with an operator account', () => {
  it('acknowledges the operator’s commands over WebSocket (MQTT 3.1.1) and reverts to the previous values', async () => {
    const op = await OperatorSession.connect({ url: broker.wsUrl, username: 'operator', password: 'op-pass-1' });
    try {
      expect(op.protocolVersion).toBe(4); // aedes speaks 3.1.1: the session fell back
      const log = new AuditLog();
      const e = await applyChange(op, log, { summary: 'dim', commands: [1, 2].map((k) => ({ entityId: cabinet(k), command: { illuminanceLevel: 0.3 } })), previous: [{ illuminanceLevel: 1 }, { illuminanceLevel: 0.6 }], simTimeMs: null }, { timeoutMs: 5_000 });
      expect(entryStatus(e)).toBe('acknowledged');
      expect(broker.deviceState(cabinet(1))).toEqual({ illuminanceLevel: 0.3 });
      await revertEntry(op, log, e, { timeoutMs: 5_000 });
      expect(entryStatus(log.entries[1])).toBe('acknowledged');
      expect([broker.deviceState(cabinet(1)), broker.deviceState(cabinet(2))]).toEqual([{ illuminanceLevel: 1 }, { illuminanceLevel: 0.6 }]);
    } finally {
      await op.close();
    }
  });

  it('acknowledges per-lamp and signal-controller commands, and traces each command and its acknowledgement', async () => {
    const op = await OperatorSession.connect({ url: broker.tcpUrl, username: 'operator', password: 'op-pass-1' });
    try {
      const log = new AuditLog();
      const lamps = [3, 4, 5].map((k) => ({ entityId: lamp(k), command: { illuminanceLevel: 0.2 } }));
      const signal = 'urn:ngsi-ld:TrafficSignalController:signal-0001';
      const e = await applyChange(op, log, { summary: 'lamps and a signal', commands: [...lamps, { entityId: signal, command: { activeProgramId: 'max-pressure' } }], previous: [null, null, null, { activeProgramId: 'schedule' }], simTimeMs: null }, { timeoutMs: 5_000 });
      expect(entryStatus(e)).toBe('acknowledged');
      expect(broker.deviceState(lamp(4))).toEqual({ illuminanceLevel: 0.2 });
      expect(broker.deviceState(signal)).toEqual({ activeProgramId: 'max-pressure' });
      await revertEntry(op, log, e, { timeoutMs: 5_000 });
      expect(broker.deviceState(signal)).toEqual({ activeProgramId: 'schedule' });
      await waitFor('the trace to hold the revert acknowledgement', () => traceLines().filter((l) => l.entityId === signal && l.kind === 'ack').length === 2);
      const mine = traceLines().filter((l) => l.entityId === lamp(4));
      expect(mine.map((l) => [l.kind, l.who, l.name, l.status])).toEqual([
        ['command', 'operator', 'illuminanceLevel', null],
        ['ack', 'simulated-device', 'illuminanceLevel', 'OK'],
      ]);
      expect(mine[0].topic).toBe('twin/dijon/Streetlight/lamp-000004/cmd');
      expect(mine[0].payloadSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(mine[0].payloadBytes).toBe(JSON.stringify({ illuminanceLevel: 0.2 }).length);
      expect(Date.parse(mine[0].at)).toBeGreaterThan(0);
      expect(readFileSync(traceFile, 'utf8')).not.toContain('op-pass-1');
    } finally {
      await op.close();
    }
  });

  it('refuses a wrong password, and drops commands from anyone who is not an operator', async () => {
    await expect(OperatorSession.connect({ url: broker.tcpUrl, username: 'operator', password: 'nope' })).rejects.toBeInstanceOf(OperatorAuthError);
    const viewer = mqtt.connect(broker.tcpUrl, { protocolVersion: 4, reconnectPeriod: 0 });
    await new Promise<void>((res, rej) => (viewer.once('connect', () => res()), viewer.once('error', rej)));
    let closed = false;
    viewer.on('close', () => (closed = true));
    viewer.publish('twin/dijon/StreetlightControlCabinet/cabinet-0009/cmd', JSON.stringify({ illuminanceLevel: 0 }), { qos: 1 });
    await waitFor('the broker to drop the client', () => closed, 5_000);
    viewer.end(true);
    expect(broker.deviceState(cabinet(9))).toBeNull();
    const refused = traceLines().filter((l) => l.entityId === cabinet(9));
    expect(refused.map((l) => [l.kind, l.who, l.name])).toEqual([['refused', 'anonymous', 'illuminanceLevel']]);
    expect(refused[0].status).toMatch(/may not command devices/);
    // A signal plan from anyone but the operator: dropped too, and traced.
    const other = mqtt.connect(broker.tcpUrl, { protocolVersion: 4, reconnectPeriod: 0 });
    await new Promise<void>((res, rej) => (other.once('connect', () => res()), other.once('error', rej)));
    let otherClosed = false;
    other.on('close', () => (otherClosed = true));
    other.publish('twin/dijon/TrafficSignalController/signal-0003/cmd', JSON.stringify({ activeProgramId: 'max-pressure' }), { qos: 1 });
    await waitFor('the broker to drop the client', () => otherClosed, 5_000);
    other.end(true);
    const signal = 'urn:ngsi-ld:TrafficSignalController:signal-0003';
    expect(broker.deviceState(signal)).toBeNull();
    expect(traceLines().filter((l) => l.entityId === signal).map((l) => [l.kind, l.name])).toEqual([['refused', 'activeProgramId']]);
  });

  it('rotates the trace by size and keeps a bounded number of files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-rot-'));
    try {
      const file = join(dir, 't.ndjson');
      const t = new CommandTrace({ file, maxBytes: 1024, keep: 2 });
      const line: TraceLine = { at: '2026-01-01T00:00:00.000Z', kind: 'command', who: 'operator', clientId: 'c', topic: 'twin/dijon/Streetlight/x/cmd', entityId: null, name: 'illuminanceLevel', payloadSha256: 'a'.repeat(64), payloadBytes: 10, status: null };
      for (let k = 0; k < 40; k++) t.append(line);
      expect(statSync(file).size).toBeLessThanOrEqual(1024);
      expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(1024);
      expect(statSync(`${file}.2`).size).toBeGreaterThan(0);
      expect(() => statSync(`${file}.3`)).toThrow();
      expect(() => new CommandTrace({ file, maxBytes: 10 })).toThrow(/maxBytes must be at least 1024/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares passwords as a whole and keeps the generated one in a file only its owner reads', () => {
    expect(checkAccount({ a: 'x' }, 'a', 'x')).toBe(true);
    expect(checkAccount({ a: 'x' }, 'a', 'x ')).toBe(false);
    expect(checkAccount({ a: 'x' }, 'b', 'x')).toBe(false);
    expect(checkAccount({ a: 'x' }, 'constructor', '')).toBe(false);
    const root = mkdtempSync(join(tmpdir(), 'twin-op-'));
    try {
      const lines: string[] = [];
      const first = operatorAccounts({}, (l) => lines.push(l), root);
      const [user, pw] = Object.entries(first)[0];
      expect(user).toBe('operator');
      expect(pw.length).toBeGreaterThanOrEqual(16);
      expect(readFileSync(join(root, '.twin/operator-password'), 'utf8').trim()).toBe(pw);
      expect(statSync(join(root, '.twin/operator-password')).mode & 0o077).toBe(0);
      expect(operatorAccounts({}, () => undefined, root)).toEqual(first); // kept across starts
      expect(lines.join('\n')).not.toContain(pw);
      expect(lines.join('\n')).toContain('.twin/operator-password');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
