export {
  type LogLine,
  LogRingBuffer,
  type LogRingBufferOptions,
  type SearchOptions,
  utf8Length,
} from "./ring-buffer";
