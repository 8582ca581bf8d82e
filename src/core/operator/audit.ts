// The operator's audit log: who sent what to which device and when, and what each device answered
// (acknowledged, refused, or nothing before the timeout — never assumed); the revert of an entry.

import type { DeviceCommand } from './change.ts';

/**
 * - `pending`: sent, waiting for the device (until the timeout);
 * - `acknowledged`: the device answered OK on …/cmdexe;
 * - `failed`: the device answered an error;
 * - `not-acknowledged`: no answer within the timeout (the command may or may not have acted);
 * - `refused`: the broker refused the publish (no right to that topic); nothing reached the device;
 * - `not-sent`: not published because an earlier command of the same entry was refused.
 */
export type CommandStatus = 'pending' | 'acknowledged' | 'failed' | 'not-acknowledged' | 'refused' | 'not-sent';

export interface AuditCommand extends DeviceCommand {
  status: CommandStatus;
  /** The device's answer ("OK" or its error) or the broker's refusal. */
  detail: string | null;
  /** Wall time of the answer (ms since epoch), or null. */
  answeredAtMs: number | null;
  /** What the entity was set to before (for revert). */
  previous: DeviceCommand['command'] | null;
}

export interface AuditEntry {
  id: number;
  /** The MQTT user name the operator connected with. */
  operator: string;
  /** Wall time the operator confirmed (ms since epoch). */
  issuedAtMs: number;
  /** Simulated time of the twin when applied (what the preview started from). */
  simTimeMs: number | null;
  summary: string;
  /** Id of the entry this one reverts, if it is a revert. */
  revertOf: number | null;
  commands: AuditCommand[];
}

export type EntryStatus = 'pending' | 'acknowledged' | 'partial' | 'not-acknowledged' | 'refused';

/** One word for an entry: every command acknowledged, none reached a device, some answered, etc. */
export function entryStatus(e: AuditEntry): EntryStatus {
  const s = e.commands.map((c) => c.status);
  if (s.some((x) => x === 'pending')) return 'pending';
  if (s.length > 0 && s.every((x) => x === 'acknowledged')) return 'acknowledged';
  if (s.length > 0 && s.every((x) => x === 'refused' || x === 'not-sent')) return 'refused';
  if (s.every((x) => x === 'not-acknowledged' || x === 'refused' || x === 'not-sent')) return 'not-acknowledged';
  return 'partial';
}

/** An append-only log with per-command updates; listeners hear every change. */
export class AuditLog {
  private readonly list: AuditEntry[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  get entries(): readonly AuditEntry[] {
    return this.list;
  }

  onChange(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private emit(): void {
    for (const f of this.listeners) f();
  }

  /**
   * Takes back entries kept from an earlier page (oldest first), before any new one. A command
   * still pending then can no longer be answered: it is "not acknowledged", never assumed.
   */
  restore(entries: readonly AuditEntry[], closedReason = 'the page closed before an answer'): void {
    if (this.list.length > 0) throw new Error('the audit log already has entries: restore comes first');
    for (const e of entries) {
      const copy: AuditEntry = { ...e, commands: e.commands.map((c) => (c.status === 'pending' ? { ...c, status: 'not-acknowledged', detail: closedReason, answeredAtMs: null } : { ...c })) };
      this.list.push(copy);
      this.nextId = Math.max(this.nextId, e.id + 1);
    }
    this.emit();
  }

  open(e: { operator: string; issuedAtMs: number; simTimeMs: number | null; summary: string; revertOf?: number | null; commands: (DeviceCommand & { previous: DeviceCommand['command'] | null })[] }): AuditEntry {
    const entry: AuditEntry = {
      id: this.nextId++,
      operator: e.operator,
      issuedAtMs: e.issuedAtMs,
      simTimeMs: e.simTimeMs,
      summary: e.summary,
      revertOf: e.revertOf ?? null,
      commands: e.commands.map((c) => ({ entityId: c.entityId, command: c.command, previous: c.previous, status: 'pending', detail: null, answeredAtMs: null })),
    };
    this.list.push(entry);
    this.emit();
    return entry;
  }

  /** Sets a command's outcome; a final status is never overwritten (a late OK after a timeout stays "not acknowledged"). */
  settle(entryId: number, index: number, status: Exclude<CommandStatus, 'pending'>, detail: string | null, atMs: number | null): void {
    const c = this.list.find((e) => e.id === entryId)?.commands[index];
    if (!c || c.status !== 'pending') return;
    c.status = status;
    c.detail = detail;
    c.answeredAtMs = atMs;
    this.emit();
  }

  /** The value each entity was last set to by an acknowledged command (for the previous values of a new change). */
  lastApplied(): Map<string, DeviceCommand['command']> {
    const out = new Map<string, DeviceCommand['command']>();
    for (const e of this.list) for (const c of e.commands) if (c.status === 'acknowledged') out.set(c.entityId, c.command);
    return out;
  }
}

/**
 * The commands that revert an entry: the previous value of every command that may have acted
 * (acknowledged, failed or not acknowledged: a silent device may still have applied it).
 * Refused and unsent commands changed nothing and are not reverted.
 */
export function revertCommands(e: AuditEntry): (DeviceCommand & { previous: DeviceCommand['command'] })[] {
  const out: (DeviceCommand & { previous: DeviceCommand['command'] })[] = [];
  for (const c of e.commands) {
    if (c.previous === null || c.status === 'refused' || c.status === 'not-sent') continue;
    out.push({ entityId: c.entityId, command: c.previous, previous: c.command });
  }
  return out;
}
