export { causePath, parseRefusal, parseWarnings, type Refusal, type StatusCause } from "./answers";
export { type KubeAnswer, KubeAnswerTooLarge, type KubeRequest, kubeRequest } from "./request";
export {
  type ApplyAnswer,
  type ApplyTarget,
  FIELD_MANAGER,
  mapLimit,
  readObject,
  serverSideApply,
  waitForEstablished,
} from "./server-side";
