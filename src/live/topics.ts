// FIWARE-style MQTT topics of the twin: measures on `<prefix>/<Type>/<localId>/attrs`, commands on
// `…/cmd`, acknowledgements on `…/cmdexe`; the mapping between NGSI-LD entity ids and topics.

import { ngsiUrn, parseNgsiUrn } from '../core/city/entityIds.ts';

export const DEFAULT_TOPIC_PREFIX = 'twin/dijon';

export type TopicChannel = 'attrs' | 'cmd' | 'cmdexe';
export const TOPIC_CHANNELS: readonly TopicChannel[] = ['attrs', 'cmd', 'cmdexe'];

export class TopicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopicError';
  }
}

/** A prefix is one or more topic levels without wildcards, leading or trailing slash. */
export function checkPrefix(prefix: string): string {
  if (!prefix || prefix.startsWith('/') || prefix.endsWith('/') || /[+#\u0000]/.test(prefix) || prefix.split('/').some((l) => l === '')) {
    throw new TopicError(`topic prefix ${JSON.stringify(prefix)} must be levels like "twin/dijon" (no wildcard, no empty level)`);
  }
  return prefix;
}

// A local id is one topic level: '/', '+', '#' (and '%' itself) are percent-encoded so any NGSI-LD
// id maps to exactly one topic and back.
const encodeLevel = (s: string) => s.replace(/[%/+#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
const decodeLevel = (s: string) => s.replace(/%(25|2F|2B|23)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

export function entityTopic(type: string, localId: string, channel: TopicChannel = 'attrs', prefix = DEFAULT_TOPIC_PREFIX): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(type)) throw new TopicError(`entity type ${JSON.stringify(type)} is not a Smart Data Model type name`);
  if (!localId) throw new TopicError('an entity needs a non-empty local id');
  return `${checkPrefix(prefix)}/${type}/${encodeLevel(localId)}/${channel}`;
}

/** The topic of an NGSI-LD entity id (`urn:ngsi-ld:<Type>:<localId>`). */
export function topicForEntityId(entityId: string, channel: TopicChannel = 'attrs', prefix = DEFAULT_TOPIC_PREFIX): string {
  const urn = parseNgsiUrn(entityId);
  if (!urn) throw new TopicError(`${JSON.stringify(entityId.slice(0, 80))} is not an NGSI-LD id urn:ngsi-ld:<Type>:<id>`);
  return entityTopic(urn.type, urn.localId, channel, prefix);
}

export interface ParsedTopic {
  type: string;
  localId: string;
  /** urn:ngsi-ld:<Type>:<localId> */
  entityId: string;
  channel: TopicChannel;
}

/** Reads `<prefix>/<Type>/<localId>/<channel>`; null for any other topic. */
export function parseTopic(topic: string, prefix = DEFAULT_TOPIC_PREFIX): ParsedTopic | null {
  if (!topic.startsWith(prefix + '/')) return null;
  const rest = topic.slice(prefix.length + 1).split('/');
  if (rest.length !== 3) return null;
  const [type, level, channel] = rest;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(type) || !level || !(TOPIC_CHANNELS as readonly string[]).includes(channel)) return null;
  const localId = decodeLevel(level);
  return { type, localId, entityId: ngsiUrn(type, localId), channel: channel as TopicChannel };
}

/** Subscription filter for one channel of every entity (optionally of one type). */
export function channelFilter(channel: TopicChannel, prefix = DEFAULT_TOPIC_PREFIX, type = '+'): string {
  return `${checkPrefix(prefix)}/${type}/+/${channel}`;
}

/** What the live feed subscribes to by default: every entity's measures. */
export const measuresFilter = (prefix = DEFAULT_TOPIC_PREFIX) => channelFilter('attrs', prefix);
