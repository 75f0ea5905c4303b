import { auditCommand, auditOlderButton } from "./audit";
import { clustersCommand } from "./clusters";
import type { ButtonHandler, SlashCommand } from "./types";
import { whoamiCommand } from "./whoami";

export type { ButtonHandler, CommandContext, SlashCommand } from "./types";

export const commands: readonly SlashCommand[] = [whoamiCommand, auditCommand, clustersCommand];
export const buttons: readonly ButtonHandler[] = [auditOlderButton];
