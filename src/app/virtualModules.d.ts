// Module names resolved by vite.config.ts (not files in the tree).
declare module 'virtual:default-city?url' {
  const url: string;
  export default url;
}
