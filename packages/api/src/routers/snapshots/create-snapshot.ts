import { SnapshotsCreateInput, SnapshotsCreateOutput } from "@clustercord/contracts";
import { createSnapshot } from "../../services/snapshots";
import { roleProcedure } from "../../trpc";
import { snapshotCreateTarget } from "./targets";

/** Starts a snapshot of the person's namespaces (or, for a dedicated cluster's admins, the whole cluster) in the background. */
export const createSnapshotProcedure = roleProcedure("operator")
  .meta({ auditTarget: snapshotCreateTarget, rateLimit: "expensive" })
  .input(SnapshotsCreateInput)
  .output(SnapshotsCreateOutput)
  .mutation(({ ctx, input }) => createSnapshot(ctx, { ...ctx.actor, via: ctx.identity.via }, input));
