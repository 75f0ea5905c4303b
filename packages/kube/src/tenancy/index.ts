export { applyObjects } from "./apply";
export {
  defaultGuildQuota,
  type GuildQuota,
  guildNamespace,
  impersonationFor,
  planDedicatedAccess,
  planGuildTenancy,
} from "./plan";
