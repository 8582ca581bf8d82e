// Clicks that are not drags, on a canvas shared with camera controls: a left-button press and
// release within a few pixels, reported in element pixels; every view picks this way.

export const CLICK_SLOP_PX = 5;

/** Calls `onClick` with element-relative pixels and the element's rect; returns the cleanup. */
export function listenForClicks(el: HTMLElement, onClick: (xPx: number, yPx: number, rect: DOMRect) => void): () => void {
  let down: [number, number] | null = null;
  const onDown = (e: PointerEvent) => {
    down = e.button === 0 ? [e.clientX, e.clientY] : null;
  };
  const onUp = (e: PointerEvent) => {
    if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > CLICK_SLOP_PX) return;
    down = null;
    const rect = el.getBoundingClientRect();
    onClick(e.clientX - rect.left, e.clientY - rect.top, rect);
  };
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointerup', onUp);
  return () => {
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointerup', onUp);
  };
}
