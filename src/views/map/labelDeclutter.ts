// Screen-space declutter of the map's commune names: labels are placed by priority (population),
// and one whose box would overlap a placed label is left out at this zoom; pure, no deck.gl.

/** Approximate advance of one character of the 13 px semibold label font, and the label box height (CSS px). */
export const LABEL_CHAR_PX = 7.4;
export const LABEL_HEIGHT_PX = 17;
/** Gap kept between two labels (CSS px). */
const LABEL_GAP_PX = 4;

export interface LabelBoxes {
  /** Screen centre of each label (CSS px), offsets included. */
  xPx: Float64Array;
  yPx: Float64Array;
  widthPx: Float64Array;
  heightPx: number;
}

/** Estimated width (CSS px) of a label's text, outline included. */
export function labelWidthPx(text: string): number {
  return text.length * LABEL_CHAR_PX + 6;
}

/**
 * Which labels to show (1) so that none overlaps another: highest `priority` first, ties by index;
 * a label off screen (NaN position) is not shown and blocks nothing. Writes into `out` and returns it.
 */
export function declutterLabels(boxes: LabelBoxes, priority: ArrayLike<number>, out: Uint8Array): Uint8Array {
  const n = boxes.xPx.length;
  if (priority.length !== n || out.length !== n) throw new Error(`declutterLabels: ${n} labels but ${priority.length} priorities and ${out.length} outputs`);
  out.fill(0);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => priority[b] - priority[a] || a - b);
  const placed: number[] = [];
  const h = boxes.heightPx + LABEL_GAP_PX;
  for (const i of order) {
    const x = boxes.xPx[i], y = boxes.yPx[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const w = boxes.widthPx[i] + LABEL_GAP_PX;
    let clear = true;
    for (const j of placed) {
      if (Math.abs(x - boxes.xPx[j]) * 2 < w + boxes.widthPx[j] + LABEL_GAP_PX && Math.abs(y - boxes.yPx[j]) < h) {
        clear = false;
        break;
      }
    }
    if (!clear) continue;
    placed.push(i);
    out[i] = 1;
  }
  return out;
}
