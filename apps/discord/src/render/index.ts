export { AUDIT_PAGE_MAX, renderAudit } from "./audit";
export { renderClusters } from "./clusters";
export { errorMessage, renderError, renderNotice } from "./error";
export { renderPlan } from "./plan";
export { renderRoles } from "./roles";
export { renderWhoami } from "./whoami";
