export {
  patchRollout,
  type RolloutObjects,
  type RolloutPatch,
  readRolloutObjects,
  readWorkloadAs,
  scaleRollout,
} from "./actions";
export { rolloutHistory, undoChangeCause } from "./history";
export {
  bareTemplate,
  CHANGE_CAUSE_ANNOTATION,
  currentSet,
  kubectlName,
  ownedSets,
  RESTARTED_AT_ANNOTATION,
  REVISION_ANNOTATION,
  setRevision,
  setTemplate,
  templateImages,
} from "./revisions";
export { MAX_ROLLOUT_EVENTS, type RolloutStatus, type RolloutStatusInput, rolloutStatus } from "./status";
export {
  CHANGED_VALUE,
  HIDDEN_VALUE,
  type TemplateDiff,
  type TemplateSide,
  templateDiff,
} from "./template-diff";
export { type JsonPatchOp, type UndoPatchOptions, undoPatch } from "./undo";
