import { describe, expect, it } from 'vitest';
import { ackPayload, commandPayload, CommandError, parseCommand } from './commands.ts';

describe('lamp commands', () => {
  it('writes and reads the two commands of a lamp or lamp group', () => {
    expect(commandPayload({ illuminanceLevel: 0.4 })).toBe('{"illuminanceLevel":0.4}');
    expect(parseCommand('{"activeProgramId":"part-night-1"}')).toEqual({ ok: true, name: 'activeProgramId', command: { activeProgramId: 'part-night-1' } });
    expect(ackPayload(parseCommand('{"illuminanceLevel":1}'))).toBe('{"illuminanceLevel":"OK"}');
  });

  it('refuses what a lamp cannot do, and says why in the acknowledgement', () => {
    expect(() => commandPayload({ illuminanceLevel: 1.5 })).toThrow(CommandError);
    expect(() => commandPayload({ illuminanceLevel: Number.NaN })).toThrow(CommandError);
    expect(() => commandPayload({ activeProgramId: 'a b' })).toThrow(CommandError);
    expect(parseCommand('nope')).toMatchObject({ ok: false, error: 'not JSON' });
    expect(parseCommand('{"a":1,"b":2}')).toMatchObject({ ok: false, error: 'a command has exactly one key' });
    expect(ackPayload(parseCommand('{"reboot":true}'))).toBe('{"reboot":"ERROR: unknown command \\"reboot\\""}');
  });
});
