// The audit log kept across page loads: round trip through a key-value store, pending commands closed
// as not acknowledged, the size bound, refused stored data, and the CSV / NDJSON exports.

import { describe, expect, it } from 'vitest';
import { AuditLog, entryStatus } from '../../core/operator/audit.ts';
import { AUDIT_STORAGE_KEY, auditCsv, auditNdjson, AuditStorageError, loadAudit, parseStoredAudit, saveAudit, serializeAudit } from './auditStorage.ts';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const cmd = (k: number, level: number) => ({ entityId: `urn:ngsi-ld:Streetlight:lamp-00000${k}`, command: { illuminanceLevel: level }, previous: { illuminanceLevel: 1 } });

function sampleLog(): AuditLog {
  const log = new AuditLog();
  const a = log.open({ operator: 'operator', issuedAtMs: Date.UTC(2026, 0, 5, 20), simTimeMs: Date.UTC(2026, 0, 5, 19), summary: 'illuminanceLevel 0.3 on lamps lamp-000001, lamp-000002', commands: [cmd(1, 0.3), cmd(2, 0.3)] });
  log.settle(a.id, 0, 'acknowledged', 'OK', Date.UTC(2026, 0, 5, 20, 0, 1));
  log.settle(a.id, 1, 'not-acknowledged', 'no acknowledgement within 5000 ms', null);
  log.open({ operator: 'operator', issuedAtMs: Date.UTC(2026, 0, 5, 21), simTimeMs: null, summary: 'signal plan, "quoted", with a comma', commands: [{ entityId: 'urn:ngsi-ld:TrafficSignalController:signal-0001', command: { activeProgramId: 'max-pressure' }, previous: { activeProgramId: 'schedule' } }] });
  return log;
}

describe('operator audit log in the browser', () => {
  it('survives a reload: the same entries, new ids after them, and what was pending is not acknowledged', () => {
    const store = memoryStore();
    const log = sampleLog();
    expect(saveAudit(store, log.entries)).toBeNull();
    expect(store.m.has(AUDIT_STORAGE_KEY)).toBe(true);

    const reloaded = new AuditLog();
    reloaded.restore(loadAudit(store));
    expect(reloaded.entries).toHaveLength(2);
    expect(reloaded.entries[0]).toEqual(log.entries[0]);
    const wasPending = reloaded.entries[1].commands[0];
    expect(wasPending.status).toBe('not-acknowledged');
    expect(wasPending.detail).toMatch(/page closed/);
    expect(entryStatus(reloaded.entries[1])).toBe('not-acknowledged');
    expect(reloaded.open({ operator: 'operator', issuedAtMs: 0, simTimeMs: null, summary: 'next', commands: [] }).id).toBe(3);
    expect(reloaded.lastApplied()).toEqual(new Map([[cmd(1, 0).entityId, { illuminanceLevel: 0.3 }]]));
    expect(() => reloaded.restore([])).toThrow(/restore comes first/);
    expect(loadAudit(memoryStore())).toEqual([]);
  });

  it('keeps the newest entries within its bound', () => {
    const log = new AuditLog();
    for (let k = 0; k < 50; k++) log.open({ operator: 'operator', issuedAtMs: k, simTimeMs: null, summary: `change ${k}`, commands: [cmd(1, 0.5)] });
    const one = JSON.stringify(log.entries[0]).length;
    const kept = parseStoredAudit(serializeAudit(log.entries, one * 10 + 40));
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(11);
    expect(kept.at(-1)!.summary).toBe('change 49');
    expect(kept.map((e) => e.id)).toEqual(log.entries.slice(-kept.length).map((e) => e.id));
  });

  it('refuses stored data that is not a log, naming where', () => {
    expect(() => parseStoredAudit('{oops')).toThrow(/not JSON/);
    expect(() => parseStoredAudit('{"version":1,"entries":[{"id":"x"}]}')).toThrow(AuditStorageError);
    expect(() => parseStoredAudit('{"version":1,"entries":[{"id":"x"}]}')).toThrow(/entries\.0\.id/);
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveAudit(full, sampleLog().entries)).toMatch(/could not be kept.*QuotaExceeded/);
  });

  it('exports one CSV row per command and one NDJSON line per entry', () => {
    const log = sampleLog();
    const rows = auditCsv(log.entries).trimEnd().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe('entry,issuedAt,operator,simTime,summary,revertOf,entityId,command,previous,status,detail,answeredAt');
    expect(rows[1]).toBe('1,2026-01-05T20:00:00.000Z,operator,2026-01-05T19:00:00.000Z,"illuminanceLevel 0.3 on lamps lamp-000001, lamp-000002",,urn:ngsi-ld:Streetlight:lamp-000001,"{""illuminanceLevel"":0.3}","{""illuminanceLevel"":1}",acknowledged,OK,2026-01-05T20:00:01.000Z');
    expect(rows[3]).toContain('"signal plan, ""quoted"", with a comma"');
    const lines = auditNdjson(log.entries).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
  });
});
