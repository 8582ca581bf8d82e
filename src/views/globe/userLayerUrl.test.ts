import { describe, expect, it } from 'vitest';
import { failureMessage, userLayerKind } from './userLayerUrl.ts';

describe('user layer URL', () => {
  it('an {z}/{x}/{y} template is imagery; anything else a 3D Tiles tileset', () => {
    expect(userLayerKind('https://tiles.example/{z}/{x}/{y}.png')).toBe('imagery');
    expect(userLayerKind('https://tiles.example/{z}/{x}/{reverseY}.jpg')).toBe('imagery');
    expect(userLayerKind('https://data.example/dijon/tileset.json')).toBe('tileset');
    expect(userLayerKind('https://tiles.example/{z}/{x}.png')).toBe('tileset');
  });

  it('a short reason for the message', () => {
    expect(failureMessage({ statusCode: 404 })).toBe('HTTP 404');
    expect(failureMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(failureMessage(undefined)).toBe('unreachable');
    expect(failureMessage({})).toBe('unreachable');
  });
});
