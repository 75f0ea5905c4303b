import type { PathSegment } from "./problems";

/** Set to a real value: kubectl writes "" or null for unset fields, which mean nothing. */
export const present = (v: unknown) => v !== undefined && v !== null && v !== "";

export type Warn = (path: PathSegment[], text: string) => void;

export const pastePrompt = (dataField: string) =>
  `file paths are not accepted (they would be read from our server's disk); paste the file's base64 as ${dataField}`;
