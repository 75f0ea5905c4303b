export { Avatar } from "./avatar";
export { Badge, RoleBadge } from "./badge";
export { Breadcrumbs, type Crumb } from "./breadcrumbs";
export { Button } from "./button";
export { Card } from "./card";
export { Dialog } from "./dialog";
export { type DiffLine, type DiffLineKind, diffLines, diffStats } from "./diff-lines";
export { DiffView } from "./diff-view";
export {
  type LogSource,
  type LogStreamHandlers,
  type LogStreamOptions,
  LogViewer,
  type LogViewerProps,
} from "./log-viewer";
export { type MenuItem, SwitcherMenu } from "./menu";
export { EmptyState, ErrorNotice } from "./notices";
export { Switch } from "./switch";
export { Terminal, type TerminalHandlers, type TerminalSession, type TerminalSource } from "./terminal";
export { type YamlToken, type YamlTokenKind, yamlTokens } from "./yaml-tokens";
