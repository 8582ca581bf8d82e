// The city the app opens at start-up: the prebuilt generated Dijon Métropole
// (`npm run city:build-default` writes it), bundled as an asset URL by Vite.

import defaultCityUrl from 'virtual:default-city?url';

export const DEFAULT_CITY_URL: string = defaultCityUrl;
export const DEFAULT_CITY_FILE_NAME = 'dijon-generated.city';
