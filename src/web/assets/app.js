// The little JavaScript Nonsuch has: GOV.UK Frontend's progressive enhancements.
import { initAll } from './govuk-frontend.min.js';

initAll();
