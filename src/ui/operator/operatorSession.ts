// The page's operator session (credentials typed by the operator, held by the connection only, never
// stored) and its audit log, kept in localStorage across reloads: apply a planned change, revert an entry.

import { AuditLog, type AuditEntry } from '../../core/operator/audit.ts';
import { applyChange, OperatorSession, revertEntry, type ApplyRequest } from '../../live/operatorCommands.ts';
import { loadAudit, saveAudit } from './auditStorage.ts';

export interface OperatorView {
  /** The user name of the connected operator, or null. */
  operator: string | null;
  connecting: boolean;
  error: string | null;
  /** Why the last session ended (shown until the next connection). */
  closedReason: string | null;
  entries: readonly AuditEntry[];
  /** Entries being applied or reverted right now (ids). */
  busy: readonly number[];
  /** Why the log could not be read from or kept in this browser, or null. */
  storageError: string | null;
  version: number;
}

const log = new AuditLog();
let session: OperatorSession | null = null;
let view: OperatorView = { operator: null, connecting: false, error: null, closedReason: null, entries: [], busy: [], storageError: null, version: 0 };
const listeners = new Set<() => void>();

function update(patch: Partial<OperatorView>): void {
  view = { ...view, ...patch, entries: [...log.entries], version: view.version + 1 };
  for (const f of listeners) f();
}

const storage = typeof localStorage === 'undefined' ? null : localStorage;
if (storage) {
  try {
    log.restore(loadAudit(storage));
  } catch (e) {
    view = { ...view, storageError: (e as Error).message };
  }
}
let saving: ReturnType<typeof setTimeout> | null = null;
log.onChange(() => {
  update({});
  // Many answers arrive together: the log is kept once they have settled.
  if (storage && !saving)
    saving = setTimeout(() => {
      saving = null;
      const error = saveAudit(storage, log.entries);
      if (error !== view.storageError) update({ storageError: error });
    }, 250);
});
view = { ...view, entries: [...log.entries] };

export const operatorStore = {
  subscribe(f: () => void): () => void {
    listeners.add(f);
    return () => listeners.delete(f);
  },
  get: (): OperatorView => view,
  log,
};

/** Connects as an operator; the password is handed to the connection and dropped here. */
export async function connectOperator(url: string, prefix: string, username: string, password: string): Promise<boolean> {
  if (session) await disconnectOperator();
  update({ connecting: true, error: null, closedReason: null });
  try {
    const s = await OperatorSession.connect({ url, prefix, username, password });
    session = s;
    s.onClose((reason) => {
      if (session !== s) return;
      session = null;
      update({ operator: null, closedReason: reason });
    });
    update({ operator: s.username, connecting: false });
    return true;
  } catch (e) {
    update({ connecting: false, error: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

export async function disconnectOperator(): Promise<void> {
  const s = session;
  session = null;
  update({ operator: null });
  await s?.close();
}

async function busyWhile(run: (s: OperatorSession) => Promise<AuditEntry>): Promise<AuditEntry | null> {
  const s = session;
  if (!s) {
    update({ error: 'not connected' });
    return null;
  }
  const before = log.entries.length;
  const p = run(s);
  const id = log.entries[before]?.id;
  if (id !== undefined) update({ busy: [...view.busy, id] });
  try {
    return await p;
  } finally {
    if (id !== undefined) update({ busy: view.busy.filter((b) => b !== id) });
  }
}

export function applyPlanned(req: ApplyRequest, timeoutMs?: number): Promise<AuditEntry | null> {
  return busyWhile((s) => applyChange(s, log, req, { timeoutMs }));
}

export function revert(entryId: number, timeoutMs?: number): Promise<AuditEntry | null> {
  const e = log.entries.find((x) => x.id === entryId);
  if (!e) return Promise.resolve(null);
  return busyWhile((s) => revertEntry(s, log, e, { timeoutMs }));
}
