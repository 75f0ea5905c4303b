/**
 * The one confirm path for applying objects (a YAML batch from manifests.*,
 * a policy fix from policies.*): a stored plan of exact objects, a token
 * bound to its hash, the person and the guild, and a server-side apply as the
 * person in dependency order that stops at the first failure.
 */
import { AppError, type ManifestApplyResult } from "@clustercord/contracts";
import type { ApiDeps } from "../context";
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
}

export interface StoredPlan {
  planId: string;
  confirmToken: string;
  expiresAt: string;
}

const notBuilt = () => new AppError("BAD_REQUEST", { userMessage: "Not built yet." });

/** Stores the objects (sealed: they may hold Secrets) in apply order and issues the token. */
export async function storeApplyPlan(
  _deps: ApiDeps,
  _actor: Actor,
  _cluster: OpenedCluster,
  _plan: { origin: "manifests" | "policy-fix"; objects: PlannedObject[]; summary: string },
): Promise<StoredPlan> {
  throw notBuilt();
}

/** Checks the token, then applies exactly the stored objects as the person; each object reports applied/failed/not-attempted. */
export async function applyStoredPlan(
  _deps: ApiDeps,
  _actor: Actor,
  _input: { clusterId: string; planId: string; confirmToken: string },
  _origin: "manifests" | "policy-fix",
): Promise<ManifestApplyResult> {
  throw notBuilt();
}
