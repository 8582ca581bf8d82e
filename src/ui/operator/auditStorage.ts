// The operator audit log kept by the browser (localStorage, newest entries within a size bound) and
// its exports for review: CSV with one row per command, NDJSON with one entry per line.

import { z } from 'zod';
import type { AuditEntry } from '../../core/operator/audit.ts';
import { csv } from '../studio/exports.ts';

export const AUDIT_STORAGE_KEY = 'twin.operator.audit.v1';
/** Bound of the stored log (characters of its JSON); the oldest entries go first. */
export const MAX_STORED_AUDIT_CHARS = 1_000_000;

export class AuditStorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditStorageError';
  }
}

const commandValue = z.union([z.strictObject({ illuminanceLevel: z.number() }), z.strictObject({ activeProgramId: z.string() })]);
const entrySchema = z.strictObject({
  id: z.number().int().positive(),
  operator: z.string(),
  issuedAtMs: z.number(),
  simTimeMs: z.number().nullable(),
  summary: z.string(),
  revertOf: z.number().int().nullable(),
  commands: z.array(
    z.strictObject({
      entityId: z.string(),
      command: commandValue,
      status: z.enum(['pending', 'acknowledged', 'failed', 'not-acknowledged', 'refused', 'not-sent']),
      detail: z.string().nullable(),
      answeredAtMs: z.number().nullable(),
      previous: commandValue.nullable(),
    }),
  ),
});
const storedSchema = z.strictObject({ version: z.literal(1), entries: z.array(entrySchema) });

/** The stored form of a log: the newest entries whose JSON fits `maxChars` (oldest first). */
export function serializeAudit(entries: readonly AuditEntry[], maxChars = MAX_STORED_AUDIT_CHARS): string {
  const kept: string[] = [];
  let size = 0;
  for (let k = entries.length - 1; k >= 0; k--) {
    const text = JSON.stringify(entries[k]);
    if (size + text.length + 1 > maxChars) break;
    kept.push(text);
    size += text.length + 1;
  }
  return `{"version":1,"entries":[${kept.reverse().join(',')}]}`;
}

/** Reads a stored log; throws an AuditStorageError that says what is wrong and where. */
export function parseStoredAudit(text: string): AuditEntry[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new AuditStorageError(`the stored operator audit log (${AUDIT_STORAGE_KEY}) is not JSON`);
  }
  const r = storedSchema.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AuditStorageError(`the stored operator audit log (${AUDIT_STORAGE_KEY}) is not valid at ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data.entries;
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Entries kept by an earlier page (none when nothing is stored). */
export function loadAudit(store: KeyValueStore): AuditEntry[] {
  const text = store.getItem(AUDIT_STORAGE_KEY);
  return text === null ? [] : parseStoredAudit(text);
}

/** Keeps the log; a full or refused storage is reported, not thrown. */
export function saveAudit(store: KeyValueStore, entries: readonly AuditEntry[]): string | null {
  try {
    store.setItem(AUDIT_STORAGE_KEY, serializeAudit(entries));
    return null;
  } catch (e) {
    return `the operator audit log could not be kept in this browser: ${(e as Error).message}`;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One row per command, with its entry's who, when and what. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows: (string | number | null)[][] = [['entry', 'issuedAt', 'operator', 'simTime', 'summary', 'revertOf', 'entityId', 'command', 'previous', 'status', 'detail', 'answeredAt']];
  for (const e of entries) {
    for (const c of e.commands) {
      rows.push([e.id, iso(e.issuedAtMs), e.operator, iso(e.simTimeMs), e.summary, e.revertOf, c.entityId, JSON.stringify(c.command), c.previous ? JSON.stringify(c.previous) : null, c.status, c.detail, iso(c.answeredAtMs)]);
    }
  }
  return csv(rows);
}

/** One entry per line, as kept. */
export function auditNdjson(entries: readonly AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e) + '\n').join('');
}
