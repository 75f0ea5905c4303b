export { DEFAULT_CONTAINER_ANNOTATION, podContainerNames } from "./containers";
export {
  EXEC_TAG_VARIABLE,
  type ExecExit,
  type ExecOptions,
  type ExecSession,
  exitCodeOf,
  killTaggedScript,
  openExec,
} from "./exec";
export {
  type ExecOnceOptions,
  type ExecOnceResult,
  type ExecTarget,
  execOnce,
  OutputCap,
  readExecTarget,
  utf8Boundary,
} from "./exec-once";
export { type LogTail, type LogTailLimits, readLogTail, readPodContainers } from "./log-tail";
export { LineSplitter, type LogStream, type LogStreamOptions, logPath, openLogStream } from "./logs";
