// A PNG of the view on screen: the view's canvas read right after the view has drawn a frame
// (a WebGL drawing buffer is only readable until the frame is composited), checked not to be blank.

/** The largest visible canvas of the view area (the 3D scene, the map or the globe). */
export function viewCanvas(root: ParentNode = document): HTMLCanvasElement | null {
  const canvases = [...root.querySelectorAll<HTMLCanvasElement>('.view-area canvas')];
  let best: HTMLCanvasElement | null = null;
  for (const c of canvases) if (c.width * c.height > (best ? best.width * best.height : 0)) best = c;
  return best;
}

/** True when every pixel of a sample is transparent (a drawing buffer read after it was cleared). */
function looksBlank(canvas: HTMLCanvasElement): boolean {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const ctx = probe.getContext('2d');
  if (!ctx) return false;
  ctx.drawImage(canvas, 0, 0, 64, 64);
  const px = ctx.getImageData(0, 0, 64, 64).data;
  for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return false;
  return true;
}

/**
 * Reads the view's canvas in an animation frame callback queued after the view's own (the views
 * render continuously or on demand from requestAnimationFrame), so the frame just drawn is still
 * in the drawing buffer. Tries a few frames before giving up.
 */
export function captureViewPng(tries = 6): Promise<string> {
  return new Promise((resolve, reject) => {
    const canvas = viewCanvas();
    if (!canvas) {
      reject(new Error('no view canvas to capture'));
      return;
    }
    let left = tries;
    const attempt = () => {
      requestAnimationFrame(() => {
        try {
          if (!looksBlank(canvas)) {
            resolve(canvas.toDataURL('image/png'));
            return;
          }
        } catch (e) {
          reject(e);
          return;
        }
        if (--left > 0) attempt();
        else reject(new Error('the view did not draw a frame that could be read'));
      });
    };
    attempt();
  });
}
