// Where Cesium finds its static folders (Workers, Assets, ThirdParty, Widgets): `/cesium/` under the
// app's base, served in dev and copied in build by vite.config.ts's cesium plugin; imported before cesium.

declare global {
  interface Window {
    CESIUM_BASE_URL?: string;
  }
}

window.CESIUM_BASE_URL = `${import.meta.env.BASE_URL}cesium/`;

export {};
