import { AuditListInput, AuditListOutput } from "@clustercord/contracts";
import { listAudit } from "@clustercord/db";
import { roleProcedure } from "../../trpc";

export const listAuditEntries = roleProcedure("admin")
  .input(AuditListInput)
  .output(AuditListOutput)
  .query(({ ctx, input }) =>
    listAudit(ctx.prisma, { guildId: ctx.actor.guildId, limit: input.limit, cursor: input.cursor }),
  );
