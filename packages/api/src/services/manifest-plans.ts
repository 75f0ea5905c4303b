/**
 * The one confirm path for applying objects (a YAML batch from manifests.*,
 * a policy fix from policies.*): a stored plan of exact objects, a token
 * bound to its hash, the person and the guild, and a server-side apply as the
 * person in dependency order that stops at the first failure.
 */
import { createHash } from "node:crypto";
import { AppError, type ManifestApplyResult } from "@clustercord/contracts";
import {
  type ApplyPlanRow,
  claimApplyPlan,
  deleteExpiredApplyPlans,
  findApplyPlan,
  finishApplyPlan,
  insertApplyPlan,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import {
  CONFIRMATION_TTL_MS,
  type ConfirmationSubject,
  issueConfirmation,
  verifyConfirmation,
} from "./confirmations";
import { applyInOrder } from "./manifest-apply";
import { schemaCacheFor } from "./manifest-schemas";
import type { Actor, OpenedCluster } from "./read-access";

/** An object as it will be applied (defaults and ClusterCord's labels in place), and where it came from. */
export interface PlannedObject {
  object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
    string,
    unknown
  >;
  /** `file` and 1-based document of its source (a fix: the workload's `Kind/name`, document null). */
  file: string;
  document: number | null;
  /**
   * Take fields another manager owns: set by the server only, for a diagnostics
   * fix whose diff the person confirms (sealed and hashed with the plan).
   */
  force?: true;
}

export interface StoredPlan {
  planId: string;
  confirmToken: string;
  expiresAt: string;
}

type Origin = "manifests" | "policy-fix";

const actionOf = (origin: Origin) => (origin === "manifests" ? "manifests.apply" : "policies.fix");

/** The token binds the action, `cluster/<id>/plan/<planId>/<hash>`, the person and the guild. */
function planSubject(row: Pick<ApplyPlanRow, "id" | "clusterId" | "hash">, origin: Origin, actor: Actor) {
  return {
    action: actionOf(origin),
    target: `cluster/${row.clusterId}/plan/${row.id}/${row.hash}`,
    userId: actor.userId,
    guildId: actor.guildId,
  } satisfies ConfirmationSubject;
}

const sealContext = (row: Pick<ApplyPlanRow, "guildId" | "clusterId">) => ({
  guildId: row.guildId,
  clusterId: row.clusterId,
});

const hashOf = (json: string) => createHash("sha256").update(json).digest("hex");

/** Stores the objects (sealed: they may hold Secrets) in apply order and issues the token. */
export async function storeApplyPlan(
  deps: ApiDeps,
  actor: Actor,
  cluster: OpenedCluster,
  plan: { origin: Origin; objects: PlannedObject[]; summary: string },
): Promise<StoredPlan> {
  const now = Date.now();
  // Unconfirmed plans hold sealed objects: none outlives its token for long.
  await deleteExpiredApplyPlans(deps.prisma, new Date(now)).catch(() => undefined);
  const json = JSON.stringify(plan.objects);
  const owner = { guildId: actor.guildId, clusterId: cluster.id };
  const row = await insertApplyPlan(deps.prisma, {
    origin: plan.origin,
    ...owner,
    userId: actor.userId,
    objectsSealed: deps.cipher.seal(json, sealContext(owner)),
    hash: hashOf(json),
    summary: plan.summary.slice(0, 500),
    expiresAt: new Date(now + CONFIRMATION_TTL_MS),
  });
  const { token, expiresAt } = issueConfirmation(
    deps.confirmationKey,
    planSubject(row, plan.origin, actor),
    now,
  );
  return { planId: row.id, confirmToken: token, expiresAt: expiresAt.toISOString() };
}

const invalid = () =>
  new AppError("FORBIDDEN", { userMessage: "That confirmation is not valid for this action; start again." });

/** Checks the token, then applies exactly the stored objects as the person; each object reports applied/failed/not-attempted. */
export async function applyStoredPlan(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; planId: string; confirmToken: string },
  origin: Origin,
): Promise<ManifestApplyResult> {
  const cluster = await openActorCluster(deps, actor, input.clusterId);
  const row = await findApplyPlan(deps.prisma, input.planId);
  // Another guild's, another cluster's or another flow's plan is as invalid as a forged token.
  if (!row || row.guildId !== actor.guildId || row.clusterId !== cluster.id || row.origin !== origin) {
    throw invalid();
  }
  verifyConfirmation(deps.confirmationKey, input.confirmToken, planSubject(row, origin, actor));
  if (!(await claimApplyPlan(deps.prisma, row.id))) {
    throw new AppError("CONFLICT", {
      userMessage: "That plan was already applied (or has expired); plan again to apply it.",
    });
  }
  let status: "applied" | "failed" = "failed";
  try {
    const json = deps.cipher.open(row.objectsSealed, sealContext(row));
    if (hashOf(json) !== row.hash)
      throw new AppError("INTERNAL", { message: `apply plan ${row.id}: hash mismatch` });
    const objects = JSON.parse(json) as PlannedObject[];
    const result = await applyInOrder(
      personKubeConfig(deps, actor, cluster),
      schemaCacheFor(deps, cluster),
      objects,
      { planId: row.id, clusterId: cluster.id },
      // A fix changes fields the workload's own manager set (its image, privileged): the person confirmed exactly that.
      { force: origin === "policy-fix" },
    );
    status = result.status;
    return result;
  } finally {
    await finishApplyPlan(deps.prisma, row.id, status);
  }
}
