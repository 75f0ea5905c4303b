export { applyObjects } from "./apply";
export {
  defaultGuildQuota,
  type GuildQuota,
  guildNamespace,
  impersonationFor,
  planGuildTenancy,
} from "./plan";
