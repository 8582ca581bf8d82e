// The embedded broker's command trace: one NDJSON line per device command, acknowledgement or refused
// publish (who, when, topic, payload hash and size, ack status), appended to a file rotated by size.

import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where `npm start` and `npm run broker` keep the trace (ignored by git, like the rest of `.twin/`). */
export const COMMAND_TRACE_FILE = '.twin/command-trace.ndjson';
export const DEFAULT_TRACE_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated files kept besides the current one: `<file>.1` (newest) … `<file>.<n>`. */
export const DEFAULT_TRACE_KEEP = 3;

export type TraceKind = 'command' | 'ack' | 'refused';

export interface TraceLine {
  /** ISO 8601 wall time the broker saw the publish. */
  at: string;
  kind: TraceKind;
  /** The MQTT user name, `anonymous` without one, `simulated-device` for the broker's own devices. */
  who: string;
  clientId: string | null;
  topic: string;
  /** NGSI-LD id of the device the topic names, or null. */
  entityId: string | null;
  /** The command attribute (e.g. illuminanceLevel), or null when the payload names none. */
  name: string | null;
  payloadSha256: string;
  payloadBytes: number;
  /** For an acknowledgement: "OK" or the device's error; for a refusal: the broker's reason. */
  status: string | null;
}

export interface CommandTraceOptions {
  file: string;
  maxBytes?: number;
  keep?: number;
}

/** The first key of a JSON object payload and its value (what a command or an acknowledgement names). */
export function payloadKey(payload: Uint8Array): { name: string | null; value: unknown } {
  try {
    const v: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const name = Object.keys(v)[0] ?? null;
      return { name, value: name === null ? null : (v as Record<string, unknown>)[name] };
    }
  } catch {
    // not JSON: hashed and sized only
  }
  return { name: null, value: null };
}

export function payloadDigest(payload: Uint8Array): { payloadSha256: string; payloadBytes: number } {
  return { payloadSha256: createHash('sha256').update(payload).digest('hex'), payloadBytes: payload.byteLength };
}

/** Append-only NDJSON with size rotation; a write error is reported once through `onError` and never thrown. */
export class CommandTrace {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private sizeBytes: number;
  private failed = false;

  constructor(o: CommandTraceOptions, private readonly onError: (message: string) => void = () => undefined) {
    this.file = o.file;
    this.maxBytes = o.maxBytes ?? DEFAULT_TRACE_MAX_BYTES;
    this.keep = o.keep ?? DEFAULT_TRACE_KEEP;
    if (!(this.maxBytes >= 1024)) throw new Error(`command trace: maxBytes must be at least 1024, got ${this.maxBytes}`);
    if (!(Number.isInteger(this.keep) && this.keep >= 1)) throw new Error(`command trace: keep must be a positive integer, got ${this.keep}`);
    mkdirSync(dirname(this.file), { recursive: true });
    this.sizeBytes = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let k = this.keep - 1; k >= 1; k--) if (existsSync(`${this.file}.${k}`)) renameSync(`${this.file}.${k}`, `${this.file}.${k + 1}`);
    if (existsSync(this.file)) renameSync(this.file, `${this.file}.1`);
    this.sizeBytes = 0;
  }

  append(line: TraceLine): void {
    const text = JSON.stringify(line) + '\n';
    const bytes = Buffer.byteLength(text);
    try {
      if (this.sizeBytes > 0 && this.sizeBytes + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, text, { mode: 0o600 });
      this.sizeBytes += bytes;
    } catch (e) {
      if (!this.failed) this.onError(`command trace ${this.file}: ${(e as Error).message}`);
      this.failed = true;
    }
  }
}
