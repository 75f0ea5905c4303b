export { AUDIT_PAGE_MAX, renderAudit } from "./audit";
export { renderClusterAdded, renderClusterStatus, renderClusters } from "./clusters";
export { errorMessage, renderError, renderNotice } from "./error";
export { renderNamespaces, renderPersonalNamespace } from "./namespaces";
export { renderOutcome, renderPlan } from "./plan";
export { PODS_PAGE_SIZE, renderPods } from "./pods";
export { renderRoles } from "./roles";
export { renderTenantChange, renderTenants } from "./tenants";
export { renderWhoami } from "./whoami";
