import {
  AppError,
  type HelmRepo,
  type HelmReposAddInput,
  type HelmReposListOutput,
} from "@clustercord/contracts";
import type { ApiDeps } from "../context";
import type { Actor } from "./read-access";

// PLACEHOLDER (notBuilt): the helper that owns this file replaces every function; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

export async function listRepos(_deps: ApiDeps, _actor: Actor): Promise<HelmReposListOutput> {
  return notBuilt();
}

export async function addRepo(_deps: ApiDeps, _actor: Actor, _input: HelmReposAddInput): Promise<HelmRepo> {
  return notBuilt();
}

export async function removeRepo(
  _deps: ApiDeps,
  _actor: Actor,
  _input: { name: string },
): Promise<{ removed: string }> {
  return notBuilt();
}
