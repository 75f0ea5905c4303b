export {
  EXEC_TAG_VARIABLE,
  type ExecExit,
  type ExecOptions,
  type ExecSession,
  exitCodeOf,
  killTaggedScript,
  openExec,
} from "./exec";
export { LineSplitter, type LogStream, type LogStreamOptions, logPath, openLogStream } from "./logs";
