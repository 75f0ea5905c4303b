export { applyObjects, deleteClusterRoleBindings, deleteRoleBindings } from "./apply";
export {
  dedicatedBindingNames,
  defaultGuildQuota,
  type GuildQuota,
  guildBindingNames,
  guildNamespace,
  impersonationFor,
  personalNamespace,
  planDedicatedAccess,
  planGuildTenancy,
  planPersonalNamespace,
  type TenantSettings,
} from "./plan";
