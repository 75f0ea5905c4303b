import { SnapshotsDiffObjectInput, SnapshotsDiffObjectOutput } from "@clustercord/contracts";
import { diffObjectFor } from "../../services/snapshot-diff";
import { roleProcedure } from "../../trpc";

/** Both sides of one object as YAML for the side-by-side viewer (a Secret: its keys only). */
export const diffObjectProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(SnapshotsDiffObjectInput)
  .output(SnapshotsDiffObjectOutput)
  .query(({ ctx, input }) => diffObjectFor(ctx, ctx.actor, input));
