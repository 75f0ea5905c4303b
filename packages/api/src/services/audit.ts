import type { AuditListOutput } from "@clustercord/contracts";
import { listAudit, writeAudit } from "@clustercord/db";
import type { ApiDeps, Context } from "../context";
import { describeUser } from "./membership";

export async function recordAudit(
  ctx: Context,
  entry: { action: string; target: string; result: "ok" | "error"; detail: string | null },
): Promise<void> {
  if (!ctx.identity) return;
  const actor = await describeUser(ctx, ctx.identity.userId).catch(() => null);
  await writeAudit(ctx.prisma, {
    ...entry,
    actorId: ctx.identity.userId,
    actorName: actor?.username ?? "unknown",
    guildId: ctx.identity.guildId,
    via: ctx.identity.via,
  });
}

/** One page of a guild's audit log, newest first. */
export function listAuditPage(
  deps: ApiDeps,
  guildId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<AuditListOutput> {
  return listAudit(deps.prisma, { guildId, limit: page.limit, cursor: page.cursor });
}
