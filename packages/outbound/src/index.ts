export {
  type AddressClass,
  classifyIp,
  describeClass,
  type NormalizedIp,
  normalizeIp,
} from "./addresses";
export {
  createOutboundGuard,
  type OutboundGuard,
  type OutboundGuardOptions,
  type PolicySettingNames,
  type TargetOptions,
} from "./guard";
export type { Resolver } from "./lookup";
export { type AllowedNetworks, NO_PRIVATE_NETWORKS, parseAllowedNetworks } from "./networks";
export {
  type AddressVerdict,
  judgeAddress,
  judgeLiteralHost,
  type OutboundPolicy,
  PUBLIC_ONLY,
} from "./policy";
export { refuseRedirects } from "./redirects";
export { findOutboundRefusal, OutboundRefusal, type RefusalReason } from "./refusal";
