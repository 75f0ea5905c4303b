export {
  ACCOUNT_TOKEN_FIELDS,
  type AccountTokenCipher,
  type AccountTokenField,
  type AccountTokenOwner,
  findDiscordAccessToken,
  resealAccountTokens,
  sealPlaintextAccountTokens,
  updateAccountTokens,
} from "./account-tokens";
export {
  type ApplyPlanRow,
  type ApplyPlanStatus,
  claimApplyPlan,
  deleteExpiredApplyPlans,
  findApplyPlan,
  finishApplyPlan,
  insertApplyPlan,
  type NewApplyPlan,
} from "./apply-plans";
export { type AuditWrite, deleteAuditRowsBefore, listAudit, writeAudit } from "./audit";
export { createAuthAdapter } from "./auth-adapter";
export {
  type BlueprintComponentState,
  type BlueprintRunRecord,
  type BlueprintRunStatus,
  findBlueprintRun,
  insertBlueprintRun,
  startBlueprintRun,
  updateBlueprintRun,
} from "./blueprint-runs";
export { type Database, type DatabaseOptions, openDatabase, type PrismaClient } from "./client";
export {
  type ClusterRecord,
  countDedicatedRegistrations,
  deleteCluster,
  deleteClusterByName,
  findGuildCluster,
  insertCluster,
  listGuildClusters,
  renameCluster,
  resealClusterCredentials,
  type SealedCluster,
  withoutCredential,
} from "./clusters";
export {
  addUsageHours,
  deleteUsageBefore,
  hasUsageBefore,
  listClusterIds,
  recordUsageGap,
  type UsagePassWrite,
  writeUsagePass,
} from "./cost-usage";
export { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded";
export {
  deleteRoleMapping,
  listRoleMappings,
  type RoleMappingRow,
  setRoleMapping,
  upsertGuild,
} from "./guilds";
export {
  deleteExpiredHelmPlans,
  findHelmOperation,
  findLastHelmChartRef,
  finishHelmOperation,
  type HelmOperationRow,
  type HelmOperationState,
  insertHelmPlan,
  type NewHelmPlan,
  reportHelmProgress,
  requestHelmCancel,
  startHelmOperation,
} from "./helm-operations";
export {
  deleteHelmRepository,
  findHelmRepository,
  type HelmRepositoryRecord,
  helmRepositorySealContext,
  insertHelmRepository,
  listHelmRepositories,
  repositoryWithoutCredential,
  resealHelmRepositoryCredentials,
  type SealedHelmRepository,
} from "./helm-repositories";
export { migrateDatabase, pendingMigrations } from "./migrate";
export {
  type ConfirmOutcome,
  claimDelivery,
  confirmEmailAddress,
  countEmailConfirmationsSince,
  countUnreadNotifications,
  createNotification,
  type DeliveryClaim,
  type DeliveryRow,
  defaultPreferences,
  deleteEmailConfirmation,
  findDelivery,
  findOverdueDeliveries,
  findPreferences,
  finishDelivery,
  listNotifications,
  markNotificationsRead,
  type NewNotification,
  type NotificationRow,
  type PreferencePatch,
  type PreferenceRow,
  setEmailAddress,
  toPreferencesView,
  updatePreferences,
} from "./notifications";
export {
  type AuditPassWrites,
  type ClusterPolicyRow,
  deleteClusterPolicy,
  findClusterOwner,
  findClusterPolicy,
  findLastAuditRun,
  listClusterPolicies,
  listClustersWithPolicies,
  listViolationRows,
  upsertClusterPolicy,
  type ViolationFields,
  type ViolationRow,
  writeAuditPass,
} from "./policies";
export {
  type ActiveSession,
  findActiveSession,
  setSessionGuild,
} from "./sessions";
export {
  acceptInvitation,
  deleteInvitation,
  deleteTenant,
  findTenant,
  type InvitationRow,
  insertTenant,
  listInvitations,
  listTenants,
  type TenantRow,
  type TenantSettings,
  updateTenant,
} from "./tenants";
