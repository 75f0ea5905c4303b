export { applyObjects, deleteClusterRoleBindings, deleteRoleBindings } from "./apply";
export {
  dedicatedBindingNames,
  defaultGuildQuota,
  GUILD_LABEL,
  type GuildQuota,
  guildBindingNames,
  guildNamespace,
  impersonationFor,
  personalNamespace,
  planDedicatedAccess,
  planGuildTenancy,
  planPersonalNamespace,
  type TenantSettings,
  USER_LABEL,
} from "./plan";
