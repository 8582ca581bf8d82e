// Browser entry point: hands the page's root element to the app's start-up.

import { bootstrap } from './app/bootstrap.tsx';

void bootstrap(document.getElementById('root')!);
