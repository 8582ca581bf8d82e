import { describe, expect, it } from 'vitest';
import { beforeAfterAction, dividerFraction, DIVIDER_MARGIN, isTypingTarget, nextBeforeAfter, otherSide, sidePasses } from './beforeAfter.ts';

describe('before/after toggle and swipe', () => {
  it('reads B and W, not with a modifier', () => {
    expect(beforeAfterAction({ key: 'b' })).toBe('side');
    expect(beforeAfterAction({ key: 'B' })).toBe('side');
    expect(beforeAfterAction({ key: 'w' })).toBe('swipe');
    expect(beforeAfterAction({ key: 'b', ctrlKey: true })).toBeNull();
    expect(beforeAfterAction({ key: 'x' })).toBeNull();
    expect(isTypingTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'CANVAS' } as unknown as EventTarget)).toBe(false);
  });

  it('B swaps the side shown, W enters and leaves the split', () => {
    expect(otherSide('baseline')).toBe('variant');
    expect(nextBeforeAfter('baseline', 'side')).toBe('variant');
    expect(nextBeforeAfter('variant', 'side')).toBe('baseline');
    expect(nextBeforeAfter('variant', 'swipe')).toBe('swipe');
    expect(nextBeforeAfter('swipe', 'swipe')).toBe('variant');
    expect(nextBeforeAfter('swipe', 'side')).toBe('variant');
  });

  it('places the divider under the pointer, kept off the edges', () => {
    expect(dividerFraction(300, 100, 400)).toBe(0.5);
    expect(dividerFraction(0, 100, 400)).toBe(DIVIDER_MARGIN);
    expect(dividerFraction(900, 100, 400)).toBe(1 - DIVIDER_MARGIN);
    expect(dividerFraction(300, 100, 0)).toBe(0.5);
  });

  it('draws one side over the whole canvas, or baseline left and variant right of the divider', () => {
    expect(sidePasses('variant', 0.3, 800)).toEqual([{ side: 'variant', xPx: 0, widthPx: 800 }]);
    expect(sidePasses('swipe', 0.3, 800)).toEqual([
      { side: 'baseline', xPx: 0, widthPx: 240 },
      { side: 'variant', xPx: 240, widthPx: 560 },
    ]);
    // The passes tile the canvas exactly, whatever the rounding.
    const passes = sidePasses('swipe', 0.333, 1001);
    expect(passes[0].widthPx + passes[1].widthPx).toBe(1001);
    expect(sidePasses('swipe', 0, 800)).toEqual([{ side: 'variant', xPx: 0, widthPx: 800 }]);
  });
});
