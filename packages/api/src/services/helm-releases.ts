import {
  AppError,
  type HelmHistoryOutput,
  type HelmReleaseDetail,
  type HelmReleaseRef,
  type HelmReleasesInput,
  type HelmReleasesOutput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";

// PLACEHOLDER (notBuilt): the helper that owns this file replaces every function; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

export async function listReleases(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmReleasesInput,
): Promise<HelmReleasesOutput> {
  return notBuilt();
}

export async function getHistory(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmReleaseRef,
): Promise<HelmHistoryOutput> {
  return notBuilt();
}

export async function getRelease(
  _deps: ApiDeps,
  _actor: Actor,
  _input: HelmReleaseRef & { revision?: number },
): Promise<HelmReleaseDetail> {
  return notBuilt();
}
