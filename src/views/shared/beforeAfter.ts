// The before/after of a comparison shared by the 3D view and presentation mode: its keys, the side
// or mode each key leads to, the swipe divider's position, and the scissor passes a mode draws.

import type { BeforeAfterMode, CompareSide } from '../../store/uiStore.ts';

export type { BeforeAfterMode, CompareSide };

/** B shows the other side, W splits the view with a divider (or leaves the split). */
export type BeforeAfterAction = 'side' | 'swipe';

export function beforeAfterAction(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): BeforeAfterAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'b' || e.key === 'B') return 'side';
  if (e.key === 'w' || e.key === 'W') return 'swipe';
  return null;
}

/** True when a key goes to a form field being typed in rather than to the view. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const tag = (target as HTMLElement | null)?.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

export function otherSide(side: CompareSide): CompareSide {
  return side === 'variant' ? 'baseline' : 'variant';
}

/** The mode after an action: B swaps the side shown (from the split: the variant alone); W enters or leaves the split. */
export function nextBeforeAfter(mode: BeforeAfterMode, action: BeforeAfterAction): BeforeAfterMode {
  if (action === 'swipe') return mode === 'swipe' ? 'variant' : 'swipe';
  return mode === 'swipe' ? 'variant' : otherSide(mode);
}

/** The divider never goes closer than this to an edge (share of the width), so both sides stay visible and grabbable. */
export const DIVIDER_MARGIN = 0.02;

/** The divider's position (share of the width from the left) for a pointer at `clientX` over an element. */
export function dividerFraction(clientX: number, left: number, width: number): number {
  if (!(width > 0)) return 0.5;
  return Math.min(1 - DIVIDER_MARGIN, Math.max(DIVIDER_MARGIN, (clientX - left) / width));
}

/** One render pass of a split view: a side drawn in a vertical band `[xPx, xPx + widthPx)` of the canvas. */
export interface SidePass {
  side: CompareSide;
  xPx: number;
  widthPx: number;
}

/** The passes a mode draws on a canvas `widthPx` wide: one side over the whole width, or baseline left and variant right of the divider. */
export function sidePasses(mode: BeforeAfterMode, dividerAt: number, widthPx: number): SidePass[] {
  if (mode !== 'swipe') return [{ side: mode, xPx: 0, widthPx }];
  const x = Math.round(widthPx * Math.min(1, Math.max(0, dividerAt)));
  return [
    { side: 'baseline' as const, xPx: 0, widthPx: x },
    { side: 'variant' as const, xPx: x, widthPx: widthPx - x },
  ].filter((p) => p.widthPx > 0);
}
