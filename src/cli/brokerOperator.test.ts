// The embedded broker of `npm start` with an operator account: its simulated cabinets acknowledge an
// operator's commands and remember them; anyone else's commands never reach them; revert restores.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, entryStatus } from '../core/operator/audit.ts';
import { applyChange, OperatorAuthError, OperatorSession, revertEntry } from '../live/operatorCommands.ts';
import { waitFor } from '../live/testing/net.ts';
import { checkAccount, operatorAccounts, startBroker, type RunningBroker } from './broker.ts';

const cabinet = (k: number) => `urn:ngsi-ld:StreetlightControlCabinet:cabinet-${String(k).padStart(4, '0')}`;
let broker: RunningBroker;

beforeAll(async () => {
  broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null, operators: { operator: 'op-pass-1' } });
});
afterAll(() => broker.close());

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
