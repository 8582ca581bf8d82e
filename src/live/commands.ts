// Commands to street lights and lamp groups over MQTT, FIWARE IoT-agent style: `{"<command>": value}`
// on `…/<Type>/<id>/cmd`, answered by `{"<command>": "OK" | "ERROR: …"}` on `…/cmdexe`.

import type { MqttClient } from 'mqtt';
import { DEFAULT_TOPIC_PREFIX, topicForEntityId } from './topics.ts';

/** What the twin can ask of a lamp or a lamp group (DOMAIN.md: level or program). */
export type LightingCommand = { illuminanceLevel: number } | { activeProgramId: string };

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export type CommandName = 'illuminanceLevel' | 'activeProgramId';
export type ParsedCommand = { ok: true; name: CommandName; command: LightingCommand } | { ok: false; name: string | null; error: string };

/** Reads a command payload (what a device or the embedded broker's simulated devices receive). */
export function parseCommand(payload: string): ParsedCommand {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return { ok: false, name: null, error: 'not JSON' };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, name: null, error: 'not a JSON object' };
  const keys = Object.keys(v);
  if (keys.length !== 1) return { ok: false, name: keys[0] ?? null, error: 'a command has exactly one key' };
  const name = keys[0];
  const value = (v as Record<string, unknown>)[name];
  if (name === 'illuminanceLevel') {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) return { ok: false, name, error: 'illuminanceLevel must be a number from 0 to 1' };
    return { ok: true, name: 'illuminanceLevel', command: { illuminanceLevel: value } };
  }
  if (name === 'activeProgramId') {
    if (typeof value !== 'string' || !/^[\w.:-]{1,64}$/.test(value)) return { ok: false, name, error: 'activeProgramId must be an id of 1 to 64 letters, digits, . : _ -' };
    return { ok: true, name: 'activeProgramId', command: { activeProgramId: value } };
  }
  return { ok: false, name, error: `unknown command ${JSON.stringify(name.slice(0, 40))}` };
}

/** The payload of a command, refused before it is sent when it is not valid. */
export function commandPayload(command: LightingCommand): string {
  const text = JSON.stringify(command);
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new CommandError(parsed.error);
  return text;
}

/** The acknowledgement a device sends for a command payload. */
export function ackPayload(parsed: ParsedCommand): string {
  return JSON.stringify({ [parsed.name ?? 'command']: parsed.ok ? 'OK' : `ERROR: ${parsed.error}` });
}

export interface CommandAck {
  entityId: string;
  name: string;
  ok: boolean;
  /** "OK" or the device's error text. */
  result: string;
  roundTripMs: number;
}

type CommandClient = Pick<MqttClient, 'subscribeAsync' | 'unsubscribeAsync' | 'publishAsync' | 'on' | 'removeListener'>;

/**
 * Publishes a command (QoS 1) and waits for its acknowledgement on `…/cmdexe`; rejects with a
 * CommandError when none comes within timeoutMs (the broker may also have refused the publish
 * silently, as Mosquitto does for a client without the right to it).
 */
export async function sendCommand(
  client: CommandClient,
  entityId: string,
  command: LightingCommand,
  o: { prefix?: string; timeoutMs?: number; nowMs?: () => number } = {},
): Promise<CommandAck> {
  const prefix = o.prefix ?? DEFAULT_TOPIC_PREFIX;
  const now = o.nowMs ?? (() => Date.now());
  const payload = commandPayload(command);
  const name = Object.keys(command)[0];
  const cmdTopic = topicForEntityId(entityId, 'cmd', prefix);
  const ackTopic = topicForEntityId(entityId, 'cmdexe', prefix);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const granted = await client.subscribeAsync(ackTopic, { qos: 1 });
  if (granted.some((g) => g.qos === 128)) throw new CommandError(`not authorized to read acknowledgements on ${ackTopic}`);
  const sentMs = now();
  let settle: (ack: CommandAck) => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onMessage = (topic: string, message: Uint8Array) => {
    if (topic !== ackTopic) return;
    let v: unknown;
    try {
      v = JSON.parse(new TextDecoder().decode(new Uint8Array(message)));
    } catch {
      return;
    }
    const result = v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
    if (typeof result === 'string') settle({ entityId, name, ok: result === 'OK', result, roundTripMs: now() - sentMs });
  };
  const ack = new Promise<CommandAck>((resolve, reject) => {
    settle = resolve;
    timer = setTimeout(() => reject(new CommandError(`no acknowledgement of ${name} for ${entityId} on ${ackTopic} within ${timeoutMs} ms`)), timeoutMs);
  });
  ack.catch(() => undefined); // awaited below; a timeout during a slow publish is not "unhandled"
  client.on('message', onMessage);
  try {
    await client.publishAsync(cmdTopic, payload, { qos: 1 });
    return await ack;
  } finally {
    clearTimeout(timer);
    client.removeListener('message', onMessage);
    await client.unsubscribeAsync(ackTopic).catch(() => undefined);
  }
}
