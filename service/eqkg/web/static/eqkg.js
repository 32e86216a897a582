// Starts GOV.UK Frontend's components (skip link, service navigation, error summary, tabs,
// notification banners ...). Loaded as a module from this origin, so the CSP needs no exception.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
