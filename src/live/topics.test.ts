import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { channelFilter, checkPrefix, entityTopic, measuresFilter, parseTopic, topicForEntityId, TopicError } from './topics.ts';
import { DEFAULT_LIVE_URL, liveConfigFromEnv } from './liveConfig.ts';

describe('FIWARE topics', () => {
  it('maps entities to <prefix>/<Type>/<id>/<channel> and back', () => {
    expect(topicForEntityId('urn:ngsi-ld:Streetlight:lamp-000123')).toBe('twin/dijon/Streetlight/lamp-000123/attrs');
    expect(topicForEntityId('urn:ngsi-ld:StreetlightGroup:centre', 'cmd', 'city/x')).toBe('city/x/StreetlightGroup/centre/cmd');
    expect(entityTopic('Streetlight', 'lamp-1', 'cmdexe')).toBe('twin/dijon/Streetlight/lamp-1/cmdexe');
    expect(parseTopic('twin/dijon/Streetlight/lamp-000123/attrs')).toEqual({ type: 'Streetlight', localId: 'lamp-000123', entityId: 'urn:ngsi-ld:Streetlight:lamp-000123', channel: 'attrs' });
    expect(measuresFilter()).toBe('twin/dijon/+/+/attrs');
    expect(channelFilter('cmd', 'p', 'Streetlight')).toBe('p/Streetlight/+/cmd');
  });

  it('round-trips any local id, slashes and wildcards included, as one topic level', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('attrs', 'cmd', 'cmdexe' as const), (localId, channel) => {
        const topic = entityTopic('Streetlight', localId, channel);
        expect(topic.split('/')).toHaveLength(5);
        expect(topic.slice('twin/dijon/'.length)).not.toMatch(/[+#]/);
        expect(parseTopic(topic)).toMatchObject({ localId, channel });
      }),
    );
  });

  it('ignores topics of other shapes and refuses bad prefixes and ids', () => {
    for (const t of ['twin/dijon/Streetlight/lamp-1', 'twin/dijon/Streetlight/lamp-1/attrs/x', 'other/Streetlight/l/attrs', 'twin/dijon/1abc/l/attrs', 'twin/dijon/Streetlight/l/status']) expect(parseTopic(t), t).toBeNull();
    for (const p of ['', '/twin', 'twin/', 'twin/+', 'a//b', 'twin/#']) expect(() => checkPrefix(p), p).toThrow(TopicError);
    expect(() => topicForEntityId('lamp-1')).toThrow(/not an NGSI-LD id/);
  });

  it('reads the broker URL and prefix the start script gives the app', () => {
    expect(liveConfigFromEnv(undefined)).toEqual({ url: DEFAULT_LIVE_URL, prefix: 'twin/dijon' });
    expect(liveConfigFromEnv({ VITE_TWIN_MQTT_URL: 'ws://127.0.0.1:4000', VITE_TWIN_MQTT_PREFIX: 'city/x' })).toEqual({ url: 'ws://127.0.0.1:4000', prefix: 'city/x' });
    expect(() => liveConfigFromEnv({ VITE_TWIN_MQTT_URL: 'http://x' })).toThrow(/not a ws:\/\//);
  });
});
