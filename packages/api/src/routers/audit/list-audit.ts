import { AuditListInput, AuditListOutput } from "@clustercord/contracts";
import { listAuditPage } from "../../services/audit";
import { roleProcedure } from "../../trpc";

export const listAuditEntries = roleProcedure("admin")
  .input(AuditListInput)
  .output(AuditListOutput)
  .query(({ ctx, input }) => listAuditPage(ctx, ctx.actor.guildId, input));
