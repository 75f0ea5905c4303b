export { Avatar } from "./avatar";
export { Badge, RoleBadge } from "./badge";
export { Button } from "./button";
export { Card } from "./card";
export {
  type LogSource,
  type LogStreamHandlers,
  type LogStreamOptions,
  LogViewer,
  type LogViewerProps,
} from "./log-viewer";
export { EmptyState, ErrorNotice } from "./notices";
export { Switch } from "./switch";
export { Terminal, type TerminalHandlers, type TerminalSession, type TerminalSource } from "./terminal";
