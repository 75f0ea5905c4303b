/**
 * manifests.*: parse → schema → dry-run → lint → diff, then apply after confirm.
 */
import {
  AppError,
  type ManifestApplyResult,
  type ManifestPlan,
  type ManifestsApplyInput,
  type ManifestsInput,
  type ManifestValidation,
} from "@clustercord/contracts";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import type { Actor } from "./read-access";

const notBuilt = () => new AppError("BAD_REQUEST", { userMessage: "Not built yet." });

type Batch = z.output<typeof ManifestsInput>;

export async function validateManifests(
  deps: ApiDeps,
  actor: Actor,
  input: Batch,
): Promise<ManifestValidation> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function planApply(deps: ApiDeps, actor: Actor, input: Batch): Promise<ManifestPlan> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}

export async function applyPlan(
  deps: ApiDeps,
  actor: Actor,
  input: ManifestsApplyInput,
): Promise<ManifestApplyResult> {
  await openActorCluster(deps, actor, input.clusterId);
  throw notBuilt();
}
