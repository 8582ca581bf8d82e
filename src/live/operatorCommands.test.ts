// The operator's commands against a real broker (Debian's Mosquitto 2.0) with a password file and an
// ACL: acknowledged apply to cabinets, picked lamps and signal controllers, refusal without rights
// (nothing reaches a device), a silent device, revert.
// Skipped with a message without the `mosquitto` package; failing instead under CI=true.

import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, entryStatus } from '../core/operator/audit.ts';
import { lampExternalId } from '../core/city/entityIds.ts';
import { gridCity } from '../core/city/testing/gridCity.ts';
import { commandsOf, type DeviceCommand } from '../core/operator/change.ts';
import { CI } from '../testing/sharedData.ts';
import { ackPayload, parseCommand } from './commands.ts';
import { applyChange, OperatorAuthError, OperatorSession, revertEntry } from './operatorCommands.ts';
import { findMosquitto, findMosquittoPasswd, Mosquitto, passwordFile } from './testing/mosquitto.ts';
import { waitFor } from './testing/net.ts';

const bin = findMosquitto();
const passwdBin = findMosquittoPasswd();

function describeWithMosquitto(title: string, body: () => void): void {
  if (bin && passwdBin) describe(title, body);
  else if (CI) describe(title, () => it('needs mosquitto (Debian package mosquitto) under CI=true', () => { throw new Error('mosquitto not found: apt-get install -y mosquitto'); }));
  else describe.skip(`${title} — skipped: mosquitto not found (install the Debian package mosquitto)`, body);
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const CABINET_CMD = 'twin/dijon/StreetlightControlCabinet/+/cmd';
const DEVICE_CMD = ['StreetlightControlCabinet', 'Streetlight', 'TrafficSignalController'].map((type) => `twin/dijon/${type}/+/cmd`);
const cabinet = (k: number) => `urn:ngsi-ld:StreetlightControlCabinet:cabinet-${String(k).padStart(4, '0')}`;
const dim = (cabinets: number[], level: number): DeviceCommand[] => cabinets.map((k) => ({ entityId: cabinet(k), command: { illuminanceLevel: level } }));

async function brokerWithAccounts(): Promise<Mosquitto> {
  const broker = new Mosquitto(bin!, { config: (dir) => ['allow_anonymous false', `password_file ${dir}/passwd`, `acl_file ${dir}/acl`, 'persistence false'] });
  passwordFile(passwdBin!, resolve(broker.dir, 'passwd'), { alice: 'alice-secret', viewer: 'viewer-secret', lighting: 'lighting-secret', device: 'device-secret' });
  broker.file('acl', [
    'user alice', 'topic readwrite twin/dijon/#', '',
    'user viewer', 'topic read twin/dijon/#', '',
    // Lighting staff: lamps and cabinets, not the signal controllers.
    'user lighting', 'topic read twin/dijon/#', 'topic write twin/dijon/Streetlight/+/cmd', 'topic write twin/dijon/StreetlightControlCabinet/+/cmd', '',
    'user device', ...DEVICE_CMD.map((t) => `topic read ${t}`), 'topic write twin/dijon/+/+/attrs', 'topic write twin/dijon/+/+/cmdexe', '',
  ].join('\n'));
  cleanups.push(() => broker.dispose());
  await broker.start();
  return broker;
}

/** Cabinets, lamps and signal controllers on one device connection: they apply commands and acknowledge them, except the silent ones. */
async function cabinets(url: string, silent: Set<string> = new Set()) {
  const client = mqtt.connect(url, { protocolVersion: 4, username: 'device', password: 'device-secret', clientId: 'cabinets', reconnectPeriod: 0 });
  cleanups.push(() => new Promise<void>((r) => client.end(true, {}, () => r())));
  await new Promise<void>((res, rej) => (client.once('connect', () => res()), client.once('error', rej)));
  const state = new Map<string, Record<string, unknown>>();
  const received: string[] = [];
  client.on('message', (topic, payload) => {
    received.push(`${topic} ${payload.toString()}`);
    const [, , type, id] = topic.split('/');
    const entityId = `urn:ngsi-ld:${type}:${id}`;
    if (silent.has(entityId)) return;
    const parsed = parseCommand(payload.toString());
    if (parsed.ok) state.set(entityId, { ...state.get(entityId), ...parsed.command });
    // An ack still in flight when the test ends is cut short by the cleanup: not a failure.
    client.publishAsync(topic.replace(/\/cmd$/, '/cmdexe'), ackPayload(parsed), { qos: 1 }).catch(() => undefined);
  });
  await client.subscribeAsync(DEVICE_CMD, { qos: 1 });
  return { client, state, received };
}

async function operator(url: string, username: string, password: string): Promise<OperatorSession> {
  const s = await OperatorSession.connect({ url, username, password });
  cleanups.push(() => s.close());
  return s;
}

describeWithMosquitto('operator commands against Mosquitto with a password file and an ACL', () => {
  it('an operator with rights applies a change and every cabinet acknowledges it; revert restores the previous values', async () => {
    const broker = await brokerWithAccounts();
    const field = await cabinets(broker.url);
    const alice = await operator(broker.url, 'alice', 'alice-secret');
    expect(alice.protocolVersion).toBe(5);
    const log = new AuditLog();
    const entry = await applyChange(alice, log, { summary: 'dim 3 cabinets to 40 %', commands: dim([1, 2, 3], 0.4), previous: [{ illuminanceLevel: 1 }, { illuminanceLevel: 0.8 }, { illuminanceLevel: 1 }], simTimeMs: 123 }, { timeoutMs: 5_000 });
    expect(entry.operator).toBe('alice');
    expect(entry.commands.map((c) => c.status)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    expect(entry.commands.every((c) => c.detail === 'OK' && c.answeredAtMs! >= entry.issuedAtMs)).toBe(true);
    expect(entryStatus(entry)).toBe('acknowledged');
    expect([1, 2, 3].map((k) => field.state.get(cabinet(k)))).toEqual([{ illuminanceLevel: 0.4 }, { illuminanceLevel: 0.4 }, { illuminanceLevel: 0.4 }]);

    const rev = await revertEntry(alice, log, entry, { timeoutMs: 5_000 });
    expect(rev.revertOf).toBe(entry.id);
    expect(entryStatus(rev)).toBe('acknowledged');
    expect([1, 2, 3].map((k) => field.state.get(cabinet(k)))).toEqual([{ illuminanceLevel: 1 }, { illuminanceLevel: 0.8 }, { illuminanceLevel: 1 }]);
    expect(log.entries).toHaveLength(2);
  });

  it('an operator without rights is refused and nothing reaches the devices', async () => {
    const broker = await brokerWithAccounts();
    const field = await cabinets(broker.url);
    const viewer = await operator(broker.url, 'viewer', 'viewer-secret');
    const log = new AuditLog();
    const entry = await applyChange(viewer, log, { summary: 'dim', commands: dim([1, 2, 3], 0.2), previous: [null, null, null], simTimeMs: null }, { timeoutMs: 1_500 });
    expect(entry.commands.map((c) => c.status)).toEqual(['refused', 'not-sent', 'not-sent']);
    expect(entry.commands[0].detail).toMatch(/not authori[sz]ed/i);
    expect(entryStatus(entry)).toBe('refused');
    // Give a stray command time to arrive, had one been sent.
    await new Promise((r) => setTimeout(r, 500));
    expect(field.received).toEqual([]);
    expect(field.state.size).toBe(0);
    // A wrong password does not even connect, and the error does not repeat it.
    const wrong = OperatorSession.connect({ url: broker.url, username: 'alice', password: 'guess-123' });
    await expect(wrong).rejects.toBeInstanceOf(OperatorAuthError);
    await expect(wrong).rejects.not.toThrow(/guess-123/);
  });

  it('a device that never answers is shown "not acknowledged", even when its answer comes late', async () => {
    const broker = await brokerWithAccounts();
    const silent = cabinet(2);
    const field = await cabinets(broker.url, new Set([silent]));
    const alice = await operator(broker.url, 'alice', 'alice-secret');
    const log = new AuditLog();
    const t0 = Date.now();
    const entry = await applyChange(alice, log, { summary: 'program', commands: [1, 2, 3].map((k) => ({ entityId: cabinet(k), command: { activeProgramId: 'part-night-50' } })), previous: [null, null, null], simTimeMs: null }, { timeoutMs: 800 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    expect(entry.commands.map((c) => c.status)).toEqual(['acknowledged', 'not-acknowledged', 'acknowledged']);
    expect(entry.commands[1].answeredAtMs).toBeNull();
    expect(entryStatus(entry)).toBe('partial');
    // The device received the command; it just never said so. A late answer changes nothing.
    expect(field.received.some((r) => r.includes('cabinet-0002/cmd'))).toBe(true);
    await field.client.publishAsync('twin/dijon/StreetlightControlCabinet/cabinet-0002/cmdexe', JSON.stringify({ activeProgramId: 'OK' }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(entry.commands[1].status).toBe('not-acknowledged');
  });

  it('applies a change to hand-picked lamps, one Streetlight command each, every one acknowledged; revert restores', async () => {
    const broker = await brokerWithAccounts();
    const field = await cabinets(broker.url);
    const alice = await operator(broker.url, 'alice', 'alice-secret');
    const city = gridCity({ lines: 5 });
    const ids = Array.from({ length: 25 }, (_, k) => lampExternalId(city, k * 3));
    const commands = commandsOf(city, { kind: 'dim', target: { lamps: ids }, illuminanceLevel: 0.35 });
    expect(commands).toHaveLength(25);
    const log = new AuditLog();
    const entry = await applyChange(alice, log, { summary: 'picked lamps', commands, previous: commands.map(() => ({ illuminanceLevel: 0.9 })), simTimeMs: null }, { timeoutMs: 5_000 });
    expect(entryStatus(entry)).toBe('acknowledged');
    expect(ids.map((id) => field.state.get(`urn:ngsi-ld:Streetlight:${id}`))).toEqual(ids.map(() => ({ illuminanceLevel: 0.35 })));
    expect(field.received[0]).toBe(`twin/dijon/Streetlight/${ids[0]}/cmd {"illuminanceLevel":0.35}`);
    await revertEntry(alice, log, entry, { timeoutMs: 5_000 });
    expect(entryStatus(log.entries[1])).toBe('acknowledged');
    expect(ids.map((id) => field.state.get(`urn:ngsi-ld:Streetlight:${id}`))).toEqual(ids.map(() => ({ illuminanceLevel: 0.9 })));
  });

  it('a signal plan goes to the controllers of an operator with the right, and is refused for lighting staff and viewers', async () => {
    const broker = await brokerWithAccounts();
    const field = await cabinets(broker.url);
    const signals = ['signal-0001', 'signal-0002'].map((id) => `urn:ngsi-ld:TrafficSignalController:${id}`);
    const plan = signals.map((entityId) => ({ entityId, command: { activeProgramId: 'max-pressure' } }));
    const log = new AuditLog();
    for (const [user, password] of [['lighting', 'lighting-secret'], ['viewer', 'viewer-secret']]) {
      const s = await operator(broker.url, user, password);
      const refused = await applyChange(s, log, { summary: 'signal plan', commands: plan, previous: [null, null], simTimeMs: null }, { timeoutMs: 1_500 });
      expect(refused.commands.map((c) => c.status)).toEqual(['refused', 'not-sent']);
      expect(refused.commands[0].detail).toMatch(/not authori[sz]ed/i);
    }
    // The lighting account may still command a lamp: its refusal above was the signal topic's.
    const lighting = await operator(broker.url, 'lighting', 'lighting-secret');
    expect(entryStatus(await applyChange(lighting, log, { summary: 'one lamp', commands: [{ entityId: 'urn:ngsi-ld:Streetlight:lamp-000001', command: { illuminanceLevel: 0.5 } }], previous: [null], simTimeMs: null }, { timeoutMs: 5_000 }))).toBe('acknowledged');
    await new Promise((r) => setTimeout(r, 500));
    expect(field.received.filter((r) => r.includes('TrafficSignalController'))).toEqual([]);

    const alice = await operator(broker.url, 'alice', 'alice-secret');
    const entry = await applyChange(alice, log, { summary: 'signal plan', commands: plan, previous: [{ activeProgramId: 'schedule' }, { activeProgramId: 'webster' }], simTimeMs: null }, { timeoutMs: 5_000 });
    expect(entryStatus(entry)).toBe('acknowledged');
    expect(signals.map((id) => field.state.get(id))).toEqual([{ activeProgramId: 'max-pressure' }, { activeProgramId: 'max-pressure' }]);
    await revertEntry(alice, log, entry, { timeoutMs: 5_000 });
    expect(signals.map((id) => field.state.get(id))).toEqual([{ activeProgramId: 'schedule' }, { activeProgramId: 'webster' }]);
  });

  it('a session that loses its broker settles what was waiting as not acknowledged', async () => {
    const broker = await brokerWithAccounts();
    await cabinets(broker.url, new Set([cabinet(5)]));
    const alice = await operator(broker.url, 'alice', 'alice-secret');
    let closed = '';
    alice.onClose((why) => (closed = why));
    const log = new AuditLog();
    const applying = applyChange(alice, log, { summary: 'dim', commands: dim([5], 0.5), previous: [null], simTimeMs: null }, { timeoutMs: 60_000 });
    await waitFor('the command to be sent', () => log.entries.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    await broker.stop();
    await waitFor('the session to notice', () => closed !== '');
    const entry = await applying;
    expect(entry.commands[0].status).toBe('not-acknowledged');
    expect(entry.commands[0].detail).toMatch(/before an answer/);
    expect(alice.connected).toBe(false);
  });
});
