// Where the live feed connects by default: the embedded broker of `npm start` on loopback, or
// what the environment says (`VITE_TWIN_MQTT_URL`, `VITE_TWIN_MQTT_PREFIX`, set by the start script).

import { checkPrefix, DEFAULT_TOPIC_PREFIX } from './topics.ts';

export const DEFAULT_BROKER_HOST = '127.0.0.1';
export const DEFAULT_BROKER_TCP_PORT = 1883;
export const DEFAULT_BROKER_WS_PORT = 9001;
export const DEFAULT_LIVE_URL = `ws://${DEFAULT_BROKER_HOST}:${DEFAULT_BROKER_WS_PORT}`;

export const LIVE_URL_ENV = 'VITE_TWIN_MQTT_URL';
export const LIVE_PREFIX_ENV = 'VITE_TWIN_MQTT_PREFIX';

export interface LiveConfig {
  url: string;
  prefix: string;
}

/** Reads the live connection from an env record (the app passes `import.meta.env`). */
export function liveConfigFromEnv(env: Record<string, unknown> | undefined): LiveConfig {
  const url = typeof env?.[LIVE_URL_ENV] === 'string' && env[LIVE_URL_ENV] ? (env[LIVE_URL_ENV] as string) : DEFAULT_LIVE_URL;
  const prefixValue = env?.[LIVE_PREFIX_ENV];
  const prefix = typeof prefixValue === 'string' && prefixValue ? checkPrefix(prefixValue) : DEFAULT_TOPIC_PREFIX;
  if (!/^(wss?|mqtts?):\/\/[^\s]+$/.test(url)) throw new Error(`${LIVE_URL_ENV}=${JSON.stringify(url)} is not a ws://, wss://, mqtt:// or mqtts:// URL`);
  return { url, prefix };
}
