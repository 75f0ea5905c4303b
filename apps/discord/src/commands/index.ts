import { alertCommand } from "./alert";
import { alertButtons } from "./alert-buttons";
import { auditCommand, auditOlderButton } from "./audit";
import { clusterButtons, clusterCommand } from "./cluster";
import { costButtons, costCommand } from "./cost";
import { deployButtons, deployCommand } from "./deploy";
import { describeCommand } from "./describe";
import { diagnoseCommand } from "./diagnose";
import { diagnoseFixButton } from "./diagnose-fix";
import { execCommand } from "./exec";
import { helmButtons, helmCommand } from "./helm";
import { jobButtons, jobCommand } from "./job";
import { logsCommand } from "./logs";
import { applyCommand, manifestButtons, validateCommand } from "./manifests";
import { notificationsCommand } from "./notifications";
import { podDeleteButtons } from "./pod-delete";
import { podsCommand, podsPageButton } from "./pods";
import { policyButtons, policyCommand } from "./policy";
import { rolesCommand } from "./roles";
import { secretButtons, secretCommand } from "./secret";
import type { ButtonHandler, SlashCommand } from "./types";
import { whoamiCommand } from "./whoami";

export type { ButtonHandler, CommandContext, SlashCommand } from "./types";

export const commands: readonly SlashCommand[] = [
  whoamiCommand,
  auditCommand,
  clusterCommand,
  rolesCommand,
  podsCommand,
  logsCommand,
  execCommand,
  describeCommand,
  notificationsCommand,
  helmCommand,
  validateCommand,
  applyCommand,
  policyCommand,
  costCommand,
  diagnoseCommand,
  alertCommand,
  deployCommand,
  jobCommand,
  secretCommand,
];
export const buttons: readonly ButtonHandler[] = [
  auditOlderButton,
  ...clusterButtons,
  podsPageButton,
  ...podDeleteButtons,
  ...helmButtons,
  ...jobButtons,
  ...manifestButtons,
  ...policyButtons,
  ...costButtons,
  diagnoseFixButton,
  ...alertButtons,
  ...deployButtons,
  ...secretButtons,
];
