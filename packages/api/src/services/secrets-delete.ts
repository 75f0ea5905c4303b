/**
 * secrets.planDelete / secrets.delete (admins): the plan says what goes
 * (every kept version) and what happens to the applied Kubernetes Secrets;
 * the token is bound to this very secret row and to that choice. Applied
 * Secrets are deleted AS the person, before the vault row, so a refusal
 * there leaves the vault as it was.
 */
import type { ActionPlan } from "@clustercord/contracts";
import { deleteVaultSecret, type VaultSecretDetail } from "@clustercord/db";
import type { ApiDeps } from "../context";
import { issueConfirmation, verifyConfirmation } from "./confirmations";
import type { Actor } from "./read-access";
import { clusterNames, noSuchSecret, usableNamespace, vaultSecret } from "./secrets-access";
import { deleteAppliedSecret } from "./secrets-kube";

interface DeleteChoice {
  name: string;
  deleteApplied: boolean;
}

const subject = (actor: Actor, secret: VaultSecretDetail, choice: DeleteChoice) => ({
  action: "secrets.delete",
  target: `${secret.id}/${choice.deleteApplied ? "with-applied" : "vault-only"}`,
  userId: actor.userId,
  guildId: actor.guildId,
});

/** Where it is applied, each opened as the person when those Secrets are to be deleted too. */
const placesToDelete = (deps: ApiDeps, actor: Actor, secret: VaultSecretDetail, choice: DeleteChoice) =>
  choice.deleteApplied ? Promise.all(secret.placements.map((p) => usableNamespace(deps, actor, p))) : [];

export async function planDeleteSecret(
  deps: ApiDeps,
  actor: Actor,
  choice: DeleteChoice,
): Promise<ActionPlan> {
  const secret = await vaultSecret(deps, actor, choice.name);
  await placesToDelete(deps, actor, secret, choice);
  const clusterName = await clusterNames(deps, actor.guildId);
  const where = secret.placements.map((p) => `${p.namespace} (${clusterName(p.clusterId)})`);
  const changes = [
    `Secret ${secret.name} and its ${secret.versionsKept} kept version(s) are removed from the vault; this cannot be undone.`,
  ];
  if (where.length === 0) changes.push("It is not applied anywhere.");
  else if (choice.deleteApplied)
    changes.push(`The Kubernetes Secret ${secret.name} is deleted in ${where.join(", ")}.`);
  else
    changes.push(
      `The Kubernetes Secrets in ${where.join(", ")} stay as they are, no longer kept by the vault.`,
    );
  const { token, expiresAt } = issueConfirmation(deps.confirmationKey, subject(actor, secret, choice));
  return {
    summary: `Delete secret ${secret.name} from the vault?`,
    changes,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
  };
}

export async function deleteSecret(
  deps: ApiDeps,
  actor: Actor,
  input: DeleteChoice & { confirmToken: string },
): Promise<{ message: string }> {
  const secret = await vaultSecret(deps, actor, input.name);
  verifyConfirmation(deps.confirmationKey, input.confirmToken, subject(actor, secret, input));
  const places = await placesToDelete(deps, actor, secret, input);
  const said: string[] = [];
  for (const where of places) {
    const outcome = await deleteAppliedSecret(where, secret.name);
    if (outcome === "deleted") said.push(`deleted the Kubernetes Secret in ${where.namespace}`);
    if (outcome === "not ours") said.push(`left ${where.namespace}'s Secret (no longer ClusterCord's)`);
  }
  if (!(await deleteVaultSecret(deps.prisma, secret.id))) throw noSuchSecret(secret.name);
  return {
    message: `Secret ${secret.name} deleted from the vault${said.length ? `; ${said.join("; ")}` : ""}.`,
  };
}
