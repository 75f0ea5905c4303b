import { auditCommand, auditOlderButton } from "./audit";
import {
  clusterRemoveCancelButton,
  clusterRemoveCommand,
  clusterRemoveConfirmButton,
} from "./cluster-remove";
import { clustersCommand } from "./clusters";
import { rolesCommand } from "./roles";
import type { ButtonHandler, SlashCommand } from "./types";
import { whoamiCommand } from "./whoami";

export type { ButtonHandler, CommandContext, SlashCommand } from "./types";

export const commands: readonly SlashCommand[] = [
  whoamiCommand,
  auditCommand,
  clustersCommand,
  clusterRemoveCommand,
  rolesCommand,
];
export const buttons: readonly ButtonHandler[] = [
  auditOlderButton,
  clusterRemoveConfirmButton,
  clusterRemoveCancelButton,
];
