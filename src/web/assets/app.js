// The little JavaScript Nonsuch has: progressive enhancements from the design systems. Every page
// works without it.
import { initAll } from './govuk-frontend.min.js';

initAll();

// MOJ Frontend is fetched only by pages that use one of its components (a sortable table, say).
if (document.querySelector('[data-module^="moj-"]')) {
  const moj = await import('./moj-frontend.min.js');
  moj.initAll();
}
