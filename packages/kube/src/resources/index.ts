export {
  BUILTIN_KINDS,
  type BuiltinKindKey,
  builtinKind,
  builtinKindNamed,
  customKind,
  type KindCategory,
  type ResourceKind,
} from "./catalog";
export { describeFields, type Field, objectYaml } from "./describe";
export { eventsAbout, toResourceEvent } from "./events";
export { evaluateJsonPath } from "./json-path";
export {
  LabelSelectorError,
  matchesLabels,
  parseLabelSelector,
  type Requirement,
  selectsLabels,
} from "./labels";
export { deletePod, type PodIdentity, readPodIdentity } from "./pod-delete";
export { describePod, type PodLike, podStatus, statusTone, summarizePod } from "./pod-summary";
export { redactSecret } from "./redact";
export { type Lookup, podReferences, type Related, type Relation, relatedObjects } from "./related";
export { type Obj, type Row, SECRET_SIZES, type StatusTone } from "./rows";
