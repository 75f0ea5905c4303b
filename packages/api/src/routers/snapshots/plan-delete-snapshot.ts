import { SnapshotRef, SnapshotsPlanDeleteOutput } from "@clustercord/contracts";
import { planDeleteSnapshot } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";

/** Step one of deleting a snapshot: what goes, and a token to confirm. Changes nothing. */
export const planDeleteSnapshotProcedure = roleProcedure("admin")
  .input(SnapshotRef)
  .output(SnapshotsPlanDeleteOutput)
  .query(({ ctx, input }) => planDeleteSnapshot(ctx, ctx.actor, input.id));
