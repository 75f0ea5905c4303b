import { SnapshotsPlanRestoreOutput, SnapshotsRestoreSelection } from "@clustercord/contracts";
import { planRestore } from "../../services/snapshot-restore";
import { roleProcedure } from "../../trpc";

/** Step one of a restore: a server-side dry-run as the person, in dependency order, and a token. Changes nothing. */
export const planRestoreProcedure = roleProcedure("admin")
  .meta({ rateLimit: "expensive" })
  .input(SnapshotsRestoreSelection)
  .output(SnapshotsPlanRestoreOutput)
  .query(({ ctx, input }) => planRestore(ctx, ctx.actor, input));
