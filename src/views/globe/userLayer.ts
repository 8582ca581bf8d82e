// The globe's optional user-supplied layer: a 3D Tiles tileset.json or an {z}/{x}/{y} imagery template.
// Nothing is requested unless the user gives a URL; an unreachable one is reported and the globe keeps working.

import { Cesium3DTileset, ImageryLayer, UrlTemplateImageryProvider, type CesiumWidget } from 'cesium';
import { failureMessage, userLayerKind, type UserLayerStatus } from './userLayerUrl.ts';

export type { UserLayerStatus };

export class UserLayer {
  private tileset: Cesium3DTileset | null = null;
  private imagery: ImageryLayer | null = null;
  private generation = 0;
  private destroyed = false;

  constructor(
    private readonly widget: CesiumWidget,
    private readonly onStatus: (status: UserLayerStatus) => void,
  ) {}

  show(url: string | null): void {
    const gen = ++this.generation;
    this.clear();
    if (!url) {
      this.onStatus({ state: 'none' });
      return;
    }
    this.onStatus({ state: 'loading', url });
    const fail = (e: unknown) => {
      if (gen !== this.generation || this.destroyed) return;
      this.clear();
      this.onStatus({ state: 'failed', url, message: failureMessage(e) });
    };
    if (userLayerKind(url) === 'tileset') {
      Cesium3DTileset.fromUrl(url).then((tileset) => {
        if (gen !== this.generation || this.destroyed) {
          tileset.destroy();
          return;
        }
        this.tileset = this.widget.scene.primitives.add(tileset);
        tileset.tileFailed.addEventListener((err: { message?: string }) => fail(err));
        this.onStatus({ state: 'shown', url });
        this.widget.scene.requestRender();
      }, fail);
      return;
    }
    // Imagery: try one tile first, so an unreachable server is told at once rather than tile by tile.
    const first = url.replace(/\{z\}/gi, '0').replace(/\{x\}/gi, '0').replace(/\{(reverseY|y)\}/gi, '0');
    fetch(first, { mode: 'cors' }).then((r) => {
      if (!r.ok) throw { statusCode: r.status };
      if (gen !== this.generation || this.destroyed) return;
      const provider = new UrlTemplateImageryProvider({ url });
      provider.errorEvent.addEventListener((err: { error?: unknown; message?: string }) => fail(err.error ?? err));
      const layer = new ImageryLayer(provider);
      this.widget.scene.imageryLayers.add(layer);
      this.imagery = layer;
      this.onStatus({ state: 'shown', url });
      this.widget.scene.requestRender();
    }).catch(fail);
  }

  private clear(): void {
    if (this.tileset && !this.widget.isDestroyed()) this.widget.scene.primitives.remove(this.tileset);
    this.tileset = null;
    if (this.imagery && !this.widget.isDestroyed()) this.widget.scene.imageryLayers.remove(this.imagery, true);
    this.imagery = null;
    if (!this.widget.isDestroyed()) this.widget.scene.requestRender();
  }

  destroy(): void {
    this.destroyed = true;
    this.generation++;
    this.clear();
  }
}
