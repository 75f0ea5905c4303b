export { applyObjects, deleteRoleBindings } from "./apply";
export {
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
